"""The Qt desktop client: thin widgets, models and dialogs over the Qt-free core in ``app``."""
