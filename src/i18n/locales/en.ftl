## Reminders, escalations, nudges and late notices (sent by the worker).

reminder-header = 🔔 REMINDER — { $unit }
escalation-header = ⚠️ OVERDUE BY { $days } WORKING DAYS — { $unit }
nudge-header = ⏰ FOLLOW-UP — { $unit }: no response yet about the task below
late-header = 📋 While the system was paused, { $count } reminders to you were not sent:
late-single-note = (Sent late: the system was paused.)
duplicate-note = (You may have received this already: the previous attempt could not be confirmed.)

task-line = Task { $number }: { $title }
plan-line = Plan: { $plan }
duty-line = Period / duty: { $label }
due-line = Due: { $date } ({ $weekday })
due-in = { $days } working days left
due-today = due today
due-overdue = overdue by { $days } working days
role-lead = Role: lead
role-support = Role: support — internal due date { $internal }, before the lead unit's ({ $lead })
support-missing = Support units that have not delivered: { $units }
escalation-history = Reminded: { $history }
escalation-history-none = No earlier reminder was sent.
escalation-unit-line = Responsible unit: { $unit }
late-item = • { $number } { $title } — due { $date } ({ $status })
reply-hint = Reply with the buttons below, or send the document number and date when done.

audience-focal = focal point
audience-unit_chat = unit group chat
audience-head = unit head
audience-coordinator = coordinator
audience-leadership = leadership

notice-chat-inactive = ⚠️ Could not deliver reminders to chat { $chat } ({ $reason }). The chat is marked inactive; its reminders go to the unit's other recipients (if any). Please contact the unit to update its focal point.

## Digests.

digest-leadership-title = 📊 WEEKLY REPORT — OVERDUE TASKS ({ $date })
digest-coordinator-title = 🗂 DAILY SUMMARY { $date }
digest-unit-title = 📅 { $unit } — THIS WEEK ({ $from } – { $to })
digest-total-overdue = Overdue tasks: { $count }
digest-trend = Compared with last week: { $delta }
digest-units-ranked = Units with the most overdue tasks:
digest-unit-rank-line = { $rank }. { $unit }: { $count }
digest-oldest = Longest overdue:
digest-oldest-line = • { $unit } — { $number } { $title } (due { $date }, { $days } working days late)
digest-due-this-week = Due this week:
digest-overdue = Overdue:
digest-item-line = • { $number } { $title } — due { $date }
digest-coordinator-counts = Open: { $open } · Overdue: { $overdue } · Done today: { $doneToday } · Awaiting approval: { $pending } · Waiting for an event: { $waiting }
digest-page = (page { $page }/{ $pages })
