"""The network map (/members/map/) and network health for staff.

Positions and metrics are computed off the request by `services.network_refresh` (a Celery
task after changes and nightly) and stored in `NetworkGraph`; pages read the stored graph
(`selectors`). Other apps add org ↔ org links through `members.network.edges`.
"""
