"""Helpers several test modules share. Test modules import from here, never from each
other; this package imports nothing above manumit.accounts, so every app's tests may use it."""
