"""Support: bundles for the help desk (``bundle``, ``raw_masking``) and its client (``desk``)."""
