"""Sends a receipt by e-mail and charges the card (demo file: the keys are fake)."""
import requests

MAILGUN_DOMAIN = "mg.example.org"
mailgun_key = "key-137ddda52a76d045cc89778fb6167222"


def send_receipt(to: str, body: str) -> None:
    requests.post(
        f"https://api.mailgun.net/v3/{MAILGUN_DOMAIN}/messages",
        auth=("api", mailgun_key),
        data={"from": "shop@example.org", "to": to, "subject": "Réçu ✓", "text": body},
    )


stripe_api_key = "sk_live_XgMxhV8az36a4sMzMJ5xu09k"
