"""The custom fields, mapping and contact comparison of the crash and failover tests (same files, same checks)."""
import json

FIELDS = [
    {"name": "Company", "fieldId": "company", "type": "text"},
    {"name": "Plan", "fieldId": "plan", "type": "list", "options": ["Free", "Basic", "Pro", "Team"]},
    {"name": "VIP", "fieldId": "vip", "type": "checkbox"},
    {"name": "Lifetime Value", "fieldId": "ltv", "type": "number"},
    {"name": "Signup Date", "fieldId": "signup", "type": "date"},
    {"name": "Website", "fieldId": "website", "type": "url"},
]
KEYS = ["firstName", "lastName", "phone", "email", "language", "country", "tags",
        "custom.company", "custom.plan", "custom.vip", "custom.ltv", "custom.signup", "custom.website"]


def config(purpose, identifier, import_tag):
    return {"purpose": purpose, "identifier": identifier, "tags": ["crash-test"], "importTag": import_tag,
            "mapping": [{"column": i, "field": key} for i, key in enumerate(KEYS)]}


def content(contact):
    """A contact as comparable content: every value, tags as a sorted tuple, custom values sorted; no id, no times."""
    return (contact["firstName"], contact["lastName"], contact["phone"], contact["email"], contact["language"],
            contact["country"], tuple(sorted(contact["tags"])),
            tuple(sorted((k, json.dumps(v)) for k, v in contact["custom"].items())))
