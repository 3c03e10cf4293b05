"""The customs intake server: the HTTP API the client syncs with, and a VNACCS simulator."""
