"""Who may come in, and the record of it: the security audit log (log-ins, failures, lock-outs, MFA, SSO, role
changes, imports, decisions), and the ways in (local accounts with MFA, the gemeente's SSO), with their throttles.
The lowest app but finance: every other app may record an event here; it imports none of them."""
