"""The audit trail: one row per state change that matters (who, what, which object, the
field changes), written only through `services.log_action` with a code registered in
`registry`."""
