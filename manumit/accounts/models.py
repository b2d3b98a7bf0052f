"""Accounts use Django's own User and Group; this module exists so post_migrate reaches the app."""
