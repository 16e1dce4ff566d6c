import getpass
import os

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction


class Command(BaseCommand):
    help = (
        "Create (or update) an editor account: staff, in the Editors group, and in the Publishers "
        "group unless --no-publish."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--email", default="")
        parser.add_argument(
            "--password",
            help="Password (prompted for when omitted; prefer the prompt or "
            "DJANGO_EDITOR_PASSWORD so it does not land in shell history).",
        )
        parser.add_argument(
            "--no-publish",
            action="store_true",
            help="Drafting only: the account may not publish or withdraw meetings.",
        )

    @transaction.atomic
    def handle(self, *args, username, email, password, no_publish, **options):

        password = password or os.environ.get("DJANGO_EDITOR_PASSWORD")
        if not password:
            if not options.get("interactive", True):
                raise CommandError("Give --password or set DJANGO_EDITOR_PASSWORD.")
            password = getpass.getpass("Password: ")
            if password != getpass.getpass("Password (again): "):
                raise CommandError("The passwords do not match.")
        User = get_user_model()
        user, created = User.objects.get_or_create(username=username, defaults={"email": email})
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        user.set_password(password)
        user.is_staff = True
        if email:
            user.email = email
        user.save()
        names = ["Editors"] if no_publish else ["Editors", "Publishers"]
        groups = list(Group.objects.filter(name__in=names))
        if len(groups) != len(names):
            raise CommandError("The editors' groups are missing: run `manage.py migrate` first.")
        user.groups.add(*groups)
        if no_publish:
            user.groups.remove(*Group.objects.filter(name="Publishers"))
        verb = "Created" if created else "Updated"
        self.stdout.write(self.style.SUCCESS(f"{verb} editor {username!r}; sign in at /admin/."))
