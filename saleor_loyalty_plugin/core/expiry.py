"""Points expiry: the merchant's rule and the lots a balance is made of.

A balance is a pile of lots, one per credit (an order's points once its
return window closed, a bonus, a correction); spending, clawbacks and
expiry consume the oldest lot first.  Because every lot lives the same
number of months, the lots that have expired by a moment are exactly the
oldest ones, so what must expire is one subtraction:

    credits that became available on or before the cutoff
    - everything taken out so far (spent, clawed back, already expired)

which the scheduled job computes set-based in SQL and ``lots`` computes
here, row by row, for one account (its next expiring points) and for the
ledger check (each EXPIRE row took exactly what was expirable).
"""
from dataclasses import dataclass
from datetime import datetime
from typing import Iterable, List, Optional, Tuple

from .calendar import add_months
from .errors import LoyaltyError, LoyaltyErrorCode

FIELD_EXPIRY_MODE = "points_expiry"
FIELD_EXPIRY_MONTHS = "points_expiry_months"
MODE_NONE = "none"
# Each lot lapses N months after it became available (oldest first).
MODE_AFTER_AVAILABLE = "after_available"
# The whole balance lapses after N months without an order.
MODE_AFTER_INACTIVITY = "after_inactivity"
MODES = (MODE_NONE, MODE_AFTER_AVAILABLE, MODE_AFTER_INACTIVITY)
MAX_MONTHS = 120
DEFAULTS = {FIELD_EXPIRY_MODE: MODE_NONE, FIELD_EXPIRY_MONTHS: "12"}


@dataclass(frozen=True)
class ExpiryRule:
    mode: str = MODE_NONE
    months: int = 12

    @property
    def is_on(self) -> bool:
        return self.mode != MODE_NONE

    def cutoff(self, as_of: datetime) -> datetime:
        """Points that became available (or last ordered) at or before this have lapsed."""
        return add_months(as_of, -self.months)

    def lapses_at(self, moment: datetime) -> datetime:
        return add_months(moment, self.months)


def _invalid(field, message):
    return LoyaltyError(message, code=LoyaltyErrorCode.INVALID, field=field)


def parse_expiry_rule(raw) -> ExpiryRule:
    mode = str(raw.get(FIELD_EXPIRY_MODE) or DEFAULTS[FIELD_EXPIRY_MODE]).strip().lower()
    if mode not in MODES:
        raise _invalid(FIELD_EXPIRY_MODE,
                       "Unknown value %r; choose one of: %s." % (mode, ", ".join(MODES)))
    text = str(raw.get(FIELD_EXPIRY_MONTHS) or DEFAULTS[FIELD_EXPIRY_MONTHS]).strip()
    try:
        months = int(text)
    except ValueError:
        raise _invalid(FIELD_EXPIRY_MONTHS,
                       "The expiry must be a whole number of months, got %r." % text)
    if not 1 <= months <= MAX_MONTHS:
        raise _invalid(FIELD_EXPIRY_MONTHS,
                       "The expiry must be between 1 and %d months." % MAX_MONTHS)
    return ExpiryRule(mode=mode, months=months)


@dataclass(frozen=True)
class Movement:
    """One available ledger row as the lots see it."""

    points: int
    available_at: datetime
    expiry_cutoff: Optional[datetime] = None  # set on EXPIRE rows: what they lapsed
    is_expiry: bool = False


@dataclass
class Lot:
    available_at: datetime
    points: int


def lots(movements: Iterable[Movement]) -> List[Lot]:
    """The lots left after every debit consumed the oldest lots first (oldest first)."""
    movements = list(movements)
    credits = sorted((m for m in movements if m.points > 0), key=lambda m: m.available_at)
    remaining = [Lot(available_at=m.available_at, points=m.points) for m in credits]
    debit = -sum(m.points for m in movements if m.points < 0)
    for lot in remaining:
        taken = min(lot.points, debit)
        lot.points -= taken
        debit -= taken
    return [lot for lot in remaining if lot.points > 0]


def expirable(movements: Iterable[Movement], *, cutoff: datetime) -> int:
    """Points of lots that became available at or before ``cutoff`` and are not used up."""
    movements = list(movements)
    credited = sum(m.points for m in movements if m.points > 0 and m.available_at <= cutoff)
    taken = -sum(m.points for m in movements if m.points < 0)
    return max(0, credited - taken)


def next_expiring(movements: Iterable[Movement], rule: ExpiryRule, *,
                  last_order_at: Optional[datetime],
                  as_of: datetime) -> Optional[Tuple[int, datetime]]:
    """(points, when) of the next points to lapse, or None when nothing will.

    After inactivity the whole balance lapses together, N months after the
    last order (or the first credit when there was none); after availability
    the oldest lot goes first, together with lots lapsing the same day.
    """
    if not rule.is_on:
        return None
    left = lots(movements)
    if not left:
        return None
    if rule.mode == MODE_AFTER_INACTIVITY:
        since = last_order_at or left[0].available_at
        return sum(lot.points for lot in left), max(rule.lapses_at(since), as_of)
    first_day = rule.lapses_at(left[0].available_at).date()
    points = sum(lot.points for lot in left if rule.lapses_at(lot.available_at).date() == first_day)
    return points, max(rule.lapses_at(left[0].available_at), as_of)


def replay_expiries(movements: Iterable[Movement]) -> List[Tuple[int, int, int]]:
    """Check each EXPIRE row against the lots before it: [(index, took, expirable)] that differ.

    A row with a cutoff lapsed the lots available by then; one without (after
    inactivity) lapsed the whole balance.  Movements come in ledger order, an
    EXPIRE row's ``available_at`` being when it was written, so rows that
    only became available later are not counted against it.
    """
    seen: List[Movement] = []
    problems = []
    for index, movement in enumerate(movements):
        if movement.is_expiry:
            before = [m for m in seen if m.available_at <= movement.available_at]
            if movement.expiry_cutoff is None:
                due = max(0, sum(m.points for m in before))
            else:
                due = expirable(before, cutoff=movement.expiry_cutoff)
            if -movement.points != due:
                problems.append((index, -movement.points, due))
        seen.append(movement)
    return problems
