"""The needs assessment as a versioned survey: questions stored by code, answers from
new and existing members, results for staff and the loop back to members
(`members.survey.loopback.notify_members_with_need`)."""
