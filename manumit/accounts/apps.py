from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "manumit.accounts"
    verbose_name = "Accounts and curator groups"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from manumit.accounts.groups import ensure_curator_groups

        # Permissions only exist after migrate creates them, so groups are synced afterwards.
        post_migrate.connect(ensure_curator_groups, sender=self)
