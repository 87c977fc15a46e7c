"""factory_boy factories shared by the test suites, one module per app."""
