"""The foundation every app may import. It imports no area app (members, funds, ...):
tests/test_architecture.py enforces it."""
