"""Refer a friend: codes, claims, the friend's welcome points and the referrer's reward."""
