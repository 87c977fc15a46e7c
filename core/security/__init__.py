"""Account protections for staff: a second factor, shorter sessions, encrypted MFA secrets."""
