"""Ids for facts: UUIDv7, so they sort by creation time and never collide across nodes."""

import uuid

import uuid_utils


def new_id() -> uuid.UUID:
    return uuid.UUID(str(uuid_utils.uuid7()))
