"""Sync: the outbox out, declarations and customs' answers in, against the intake server.

``engine`` decides what to send and records what came back; ``api_client`` speaks HTTP (one
session, timeouts, TLS verified, plain http only to loopback); ``credentials`` keeps the password
in the system's credential store.
"""
