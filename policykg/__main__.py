"""``python -m policykg``: the command line."""

from policykg.cli import main

main()
