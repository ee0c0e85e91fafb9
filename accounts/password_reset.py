"""Password reset with throttles: a client address that asks too often gets 429; an e-mail address asked for too
often gets no more mails, with the same answer as any other request (nobody learns whether an account exists)."""

import logging

from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.views import PasswordResetView
from django.shortcuts import render

from . import audit, throttle


class ThrottledPasswordResetForm(PasswordResetForm):
    request = None  # set by the view, for the audit log

    def get_users(self, email):
        # Counted for every e-mail address typed, known or not, so the throttle itself reveals nothing either.
        if not throttle.allow(
            "reset-account",
            email,
            limit=settings.PASSWORD_RESET_ACCOUNT_LIMIT,
            window=settings.PASSWORD_RESET_WINDOW,
        ):
            audit.event("password reset throttled", request=self.request, level=logging.WARNING, scope="account")
            return []
        return super().get_users(email)


class ThrottledPasswordResetView(PasswordResetView):
    form_class = ThrottledPasswordResetForm

    def form_valid(self, form):
        if not throttle.allow(
            "reset-address",
            audit.address_of(self.request),
            limit=settings.PASSWORD_RESET_ADDRESS_LIMIT,
            window=settings.PASSWORD_RESET_WINDOW,
        ):
            audit.event("password reset throttled", request=self.request, level=logging.WARNING, scope="address")
            minutes = int(settings.PASSWORD_RESET_WINDOW.total_seconds() // 60)
            return render(self.request, "registration/password_reset_throttled.html", {"minutes": minutes}, status=429)
        form.request = self.request
        return super().form_valid(form)
