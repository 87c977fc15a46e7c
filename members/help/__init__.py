"""Find help: a member states a need and the portal suggests members, technical
advisors and the ILO office or regional representative for their country, and lets
them write through a message form (addresses never shown). The advisors and ILO
offices are a staff-curated directory the coaching app reuses."""
