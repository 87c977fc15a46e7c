"""Demo people and organizations for `manage.py seed_demo`.

Everything is generated from a fixed random seed, so every run describes the same
network; rows that already exist (matched by email or slug) are left as they are, so
running it again adds nothing and undoes no edit made while trying the portal.

- data.py: the demo network as data tables (places, names, organizations, bios);
- network.py: the network planned from the seed alone (no database access);
- generator.py: creating the rows, idempotently (`seed`, called by seed_demo);
- mfa.py: the second factor of the demo staff accounts.
"""

from .data import PASSWORD
from .generator import print_accounts, seed
from .network import build_network

__all__ = ["PASSWORD", "build_network", "print_accounts", "seed"]
