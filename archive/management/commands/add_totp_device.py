from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django_otp.plugins.otp_totp.models import TOTPDevice


class Command(BaseCommand):
    help = (
        "Enrol an authenticator app (TOTP) for a staff user and print the otpauth:// address to "
        "add to the app (most apps also accept the secret typed in). Works when the admin already "
        "requires two-factor sign-in, which is how the first staff user gets a device."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument(
            "--name", default="Authenticator app", help="Label of the device in the admin."
        )
        parser.add_argument(
            "--replace", action="store_true", help="Delete the user's existing TOTP devices first."
        )

    def handle(self, *args, username, name, replace, **options):
        User = get_user_model()
        try:
            user = User.objects.get(username=username)
        except User.DoesNotExist as error:
            raise CommandError(f"No user called {username!r}.") from error
        if not user.is_staff:
            raise CommandError(f"{username!r} is not staff: two-factor protects the admin only.")
        if replace:
            TOTPDevice.objects.filter(user=user).delete()
        device = TOTPDevice.objects.create(user=user, name=name, confirmed=True)
        self.stdout.write(f"Device {device.persistent_id} created for {username}.")
        self.stdout.write("Add it to the authenticator app with this address (keep it secret):")
        self.stdout.write(device.config_url)
