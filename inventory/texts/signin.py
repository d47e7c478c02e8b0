"""Texts of signing in: the cookie hand-over and single sign-on (the password form's own texts
are in pages.py)."""

from __future__ import annotations

TEXT: dict[str, tuple[str, str]] = {
    "auth_cross_origin": (
        "Geweigerd: dit formulier is niet verstuurd vanaf deze site.",
        "Refused: this form was not sent from this site.",
    ),
    "sign_in_hand_over_failed": (
        "Inloggen is niet voltooid: de aanmelding was verlopen of al gebruikt. Log opnieuw in.",
        "Signing in did not complete: the sign-in had expired or was used already. Please sign in again.",
    ),
    "sign_in_continue": ("Doorgaan naar Mijn cijfers", "Continue to My figures"),
    "sign_out_continue": ("Uitloggen afronden", "Finish signing out"),
    "sign_in_with": ("Inloggen met {provider}", "Sign in with {provider}"),
    "sign_in_or_password": (
        "Of log in met gebruikersnaam en wachtwoord:",
        "Or sign in with username and password:",
    ),
    "sso_signed_in_as": ("Via {provider} ingelogd als {email}.", "Signed in through {provider} as {email}."),
    "sso_unverified": (
        "{provider} heeft het e-mailadres {email} niet bevestigd. U kijkt mee als bezoeker, zonder bewerkrechten.",
        "{provider} has not verified the e-mail address {email}. You are browsing as a visitor, without editing "
        "rights.",
    ),
    "sso_unknown": (
        "Er is geen account met het e-mailadres {email}. U kijkt mee als bezoeker, zonder bewerkrechten; vraag een "
        "beheerder om een account als u cijfers wilt bijhouden.",
        "There is no account with the e-mail address {email}. You are browsing as a visitor, without editing rights; "
        "ask an administrator for an account if you want to keep figures current.",
    ),
    "sso_disabled": (
        "Het account met het e-mailadres {email} is uitgeschakeld. U kijkt mee als bezoeker, zonder bewerkrechten.",
        "The account with the e-mail address {email} is disabled. You are browsing as a visitor, without editing "
        "rights.",
    ),
    "sso_session_note": (
        "Inloggen via {provider} blijft 30 dagen bewaard in deze browser. Uitloggen beëindigt alleen de sessie in "
        "deze browser, niet die bij {provider}.",
        "Signing in through {provider} is remembered in this browser for 30 days. Signing out ends only the session "
        "in this browser, not the one at {provider}.",
    ),
    "sso_no_email": ("(geen e-mailadres)", "(no e-mail address)"),
    "page_account": ("Account {user} · uitloggen", "Account {user} · sign out"),
    "page_account_title": ("Account", "Account"),
}
