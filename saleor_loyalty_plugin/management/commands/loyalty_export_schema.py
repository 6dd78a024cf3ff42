from django.core.management.base import BaseCommand

from ...graphql.sdl import loyalty_sdl


class Command(BaseCommand):
    help = "Print the loyalty GraphQL schema as SDL (or write it with --output)."

    def add_arguments(self, parser):
        parser.add_argument("--output", help="File to write instead of stdout.")

    def handle(self, *args, output=None, **options):
        sdl = loyalty_sdl()
        if output:
            with open(output, "w", encoding="utf-8") as handle:
                handle.write(sdl)
        else:
            self.stdout.write(sdl, ending="")
