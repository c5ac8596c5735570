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
role-support = Role: support — internal due date { $internal }, { $days } working days before the lead unit's ({ $lead })
role-support-same = Role: support — internal due date the same as the lead unit's ({ $lead })
role-support-undated = Role: support
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

## Bot

# Onboarding and membership.
bot-welcome =
    Hello! This is the administrative-reform task reminder bot.
    To receive reminders you need an invitation link for your unit from the coordinator (Department of Home Affairs). Open that link in Telegram and you are done.
bot-welcome-member =
    Hello { $name }! You take part as:
    { $roles }
    Send /help for the commands.
bot-welcome-group =
    To have this group receive reminders on behalf of a unit (when the unit has no focal point), a group admin sends /start followed by the invitation code from the Department of Home Affairs.
bot-membership-line = • { $role } — { $unit }
bot-invite-invalid = This invitation link is not valid. Please ask the coordinator for a new one.
bot-invite-expired = This invitation link has expired. Please ask the coordinator for a new one.
bot-invite-group-admin-only = Only an administrator of this group can bind it to a unit. The invitation is still valid: ask a group administrator to send this command.
bot-invite-used = This invitation link has already been used. Each link works once; please ask for a new one.
bot-joined-focal =
    ✅ You are now the focal point of { $unit }.
    You will receive reminders for the unit's tasks (before, on and after the due date) and can report completion or ask for an extension right on the reminder. The unit currently has { $count } tracked tasks.
    Commands: /viec (the unit's work), /quahan (overdue), /lich (next 30 days), /roi (stop).
bot-joined-head =
    ✅ You are now registered as the head of { $unit }.
    You will be told when the unit's tasks are overdue. The unit currently has { $count } tracked tasks.
    Commands: /viec, /quahan, /lich, /baocao, /roi.
bot-joined-leader =
    ✅ You are now registered as provincial leadership ({ $unit }).
    You will receive periodic reports and warnings about long-overdue tasks.
    Commands: /baocao (report now), /tongquan (overview), /roi.
bot-joined-coordinator =
    ✅ You are now registered as coordinator ({ $unit }).
    You will receive completion reports, extension requests and summaries.
    Commands: /duyet (awaiting approval), /sukien (record an event), /dathan (set a date for an on-demand task), /tongquan, /baocao, /thuhoi.
bot-joined-group =
    ✅ This group is now linked to { $unit }: the unit's reminders come here when no focal point of the unit can be reached. The unit currently has { $count } tracked tasks.
bot-leave-confirm =
    You will stop receiving reminders as:
    { $list }
    Confirm?
bot-leave-done = Stopped ({ $count } roles). You will no longer receive reminders; to join again, ask for a new invitation link.
bot-leave-cancelled = Cancelled. You keep receiving reminders.
bot-revoke-usage = Usage: /thuhoi <unit code>, e.g. /thuhoi so-noi-vu
bot-revoke-unknown = No members found for unit “{ $ref }”.
bot-revoke-title = Members of { $unit } (press a number to revoke):
bot-revoke-line = { $index }. { $name } — { $role }
bot-revoke-done = Revoked the { $role } role of { $name } ({ $unit }).
bot-revoke-already = This role was already revoked.
bot-role-focal = focal point
bot-role-head = head of unit
bot-role-leader = provincial leadership
bot-role-coordinator = coordinator

# Refusals and errors.
bot-refused-not-registered = You are not registered with the bot. Please use the invitation link from the coordinator.
bot-refused-not-allowed = You are not allowed to do this.
bot-refused-not-member = You are not linked to any unit that receives reminders.
bot-cb-invalid = This button is not valid.
bot-cb-expired = This button has expired. Send /viec to see the list again.
bot-cb-used = This was already done.
bot-cb-refused = You are not allowed to do this.
bot-rate-limited = Too many actions; please try again in a few seconds.
bot-error = Something went wrong; please try again later.
bot-unknown-command = Unknown command. Send /help for the commands.
bot-hint-nothing-pending = Send /viec for the unit's work, /help for the commands.
bot-cancelled = Cancelled.
bot-nothing-to-cancel = Nothing is waiting.
bot-help =
    Commands of the reminder bot:
    /viec — the unit's work, nearest due first
    /quahan — overdue work
    /lich — work due in the next 30 days
    /duyet — awaiting approval (coordinator)
    /sukien — record an event deadlines count from: publication of procedures, end of an inspection, receipt of a file… (coordinator)
    /dathan — set a date for an on-demand task (coordinator)
    /tongquan — province overview
    /baocao — get the report now
    /thuhoi — revoke a member (coordinator)
    /dangnhap (/login) — a sign-in link to the web console
    /huy — cancel what is waiting
    /roi — stop receiving reminders
    Every reminder has buttons: ✅ Done, ⏳ Ask for extension, 🔄 In progress, 📄 Details.

# Buttons.
bot-btn-done = ✅ Done
bot-btn-extend = ⏳ Ask for extension
bot-btn-progress = 🔄 In progress
bot-btn-detail = 📄 Details
bot-btn-detail-n = 📄 { $index }
bot-btn-approve = ✅ Approve
bot-btn-approve-n = ✅ { $index }
bot-btn-reject = ❌ Reject
bot-btn-reject-n = ❌ { $index }
bot-btn-reject-done = ↩️ Send back
bot-btn-reject-done-n = ↩️ { $index }
bot-btn-counter = 📅 Propose another date
bot-btn-counter-n = 📅 { $index }
bot-btn-pick = Choose
bot-btn-pick-n = { $index }
bot-btn-revoke = 🚫 Revoke
bot-btn-revoke-n = 🚫 { $index }
bot-btn-leave-yes = Yes, stop
bot-btn-leave-no = Cancel

# Command menu.
bot-cmd-viec = The unit's work
bot-cmd-quahan = Overdue work
bot-cmd-lich = Work due in the next 30 days
bot-cmd-duyet = Awaiting approval
bot-cmd-sukien = Record an event
bot-cmd-dathan = Set a date for an on-demand task
bot-cmd-tongquan = Province overview
bot-cmd-baocao = Get the report now
bot-cmd-roi = Stop receiving reminders
bot-cmd-huy = Cancel what is waiting
bot-cmd-help = Help
bot-cmd-dangnhap = Sign in to the web console

# States and relative due status.
bot-state-waiting = waiting for an event / a date
bot-state-open = in progress
bot-state-overdue = overdue
bot-state-extended = extended
bot-state-pending-approval = awaiting approval
bot-state-done = done
bot-state-waived = waived
bot-rel-overdue = overdue by { $days } working days
bot-rel-today = due today
bot-rel-left = { $days } working days left

# Lists.
bot-list-title-all = 📋 Work of { $units }: { $count } tracked tasks
bot-list-title-overdue = 🔴 Overdue work of { $units }: { $count }
bot-list-title-upcoming = 📅 Work of { $units } due in the next 30 days: { $count }
bot-list-empty-all = 🎉 { $units } has no tracked tasks.
bot-list-empty-overdue = 👍 { $units } has no overdue tasks.
bot-list-empty-upcoming = { $units } has nothing due in the next 30 days.
bot-list-item =
    { $index }. { $mark }[{ $number }] { $title } — { $label }
       Due: { $date } ({ $status })
bot-list-more = … and { $count } more.
bot-list-hint = Press 📄 and a number for details and to report completion.
bot-list-no-units-coordinator = You are not in charge of a unit's tasks. Use /tongquan for the overview, /duyet for what awaits approval.

# Details.
bot-item-head = Task { $number }: { $title } — { $label }
bot-item-not-found = Task not found.
bot-item-not-actionable = Task { $number } is { $state }; nothing more to do.
bot-detail-title = 📄 TASK { $number } — DETAILS
bot-detail-output = Output: { $output }
bot-detail-plan = Plan: { $plan }
bot-detail-occurrence = Period / duty: { $label }
bot-detail-deadline-text = Deadline as written in the plan: { $text }
bot-detail-deadline-reading = Read as: { $text }
bot-detail-due = Due: { $date } ({ $status })
bot-detail-nominal = (Date in the document: { $date }; the due date above is moved to a working day.)
bot-detail-no-date = No due date yet ({ $status }).
bot-detail-lead = Lead unit: { $units }
bot-detail-your-role-support = { $unit } is a support unit.
bot-detail-support-title = Support units:
bot-detail-support-delivered = • ✅ { $unit } — { $state }
bot-detail-support-missing = • ⏳ { $unit } — { $state }
bot-detail-state = State: { $state }
bot-detail-evidence = Result sent: { $evidence }
bot-detail-extensions-title = Extension history:
bot-detail-extension-line = • { $date }: asked until { $proposed } — { $status } (reason: { $reason })
bot-detail-notes-title = Recent progress:
bot-detail-note-system = system note
bot-detail-note-line = • { $date } ({ $person }): { $text }
bot-detail-missing = Still missing: { $list }
bot-detail-missing-evidence = the result document or file
bot-detail-missing-support = the results of support units { $units }
bot-detail-missing-approval = the approval of the Department of Home Affairs

# Evidence.
bot-evidence-number = no. { $number }
bot-evidence-number-date = no. { $number } of { $date }
bot-evidence-date = document of { $date }
bot-evidence-file = file { $file }
bot-evidence-late = ⚠️ The document is dated { $date }, after the due date { $due }.

# Completion.
bot-prompt-evidence =
    ✅ Please reply to this message with the number and date of the result document (e.g. QĐ số 123/QĐ-UBND ngày 15/3/2024), or send the document as a file or photo.
    Send /huy to skip.
bot-evidence-missing =
    No document number found for task { $number }. Please send the number and date (e.g. QĐ số 123/QĐ-UBND ngày 15/3/2024), or a file or photo of the document.
    Send /huy to skip.
bot-done-recorded = ✅ Completion of task { $number } recorded ({ $evidence }).
bot-done-thanks = Thank you; the Department of Home Affairs has been told.
bot-done-awaiting-approval = The result awaits approval by the Department of Home Affairs; you will hear back here.
bot-stamp-done = ✅ REPORTED DONE — { $evidence }
bot-stamp-pending = 🕓 REPORTED DONE, AWAITING APPROVAL — { $evidence }
bot-coord-done-title = ✅ { $unit } reports completion
bot-coord-done-approval-title = 🕓 { $unit } reports completion — approval needed
bot-coord-due = Due: { $date }
bot-coord-evidence = Result: { $evidence }
bot-coord-reporter = Sent by: { $person }
bot-coord-support-role = (Support unit)
bot-lead-support-done = 📥 Support unit { $unit } delivered its part of task { $number }: { $title } — { $label } ({ $evidence }).
bot-stamp-approved = ✅ Approved ({ $person })
bot-stamp-rejected = ↩️ Sent back ({ $person })
bot-already-decided = This was already handled ({ $state }).
bot-done-approved = ✅ The result of task { $number } was approved by the Department of Home Affairs.
bot-done-rejected = ↩️ The result of task { $number } was not accepted; the task is open again. Please complete it and report again.

# Progress.
bot-prompt-progress = 🔄 Please describe the progress (reply to this message). Send /huy to skip.
bot-progress-saved = 🔄 Progress on task { $number } recorded.

# Extensions.
bot-prompt-extension-reason = ⏳ Extension request — current due date { $due } ({ $status }). Please give the reason (reply to this message). Send /huy to skip.
bot-prompt-extension-reason-again = Please give the reason for the extension.
bot-prompt-extension-date = Which new due date do you propose? (e.g. 30/6/2024, ngày 15 tháng 7, cuối tháng 8)
bot-date-unreadable = Could not read a date. Examples: 30/6/2024, ngày 15 tháng 7, cuối tháng 8.
bot-date-not-a-day = Please give one specific day (e.g. 30/6/2024), not a recurring period.
bot-date-in-past = That day has passed. Please give a day ahead.
bot-date-not-later = The proposed date { $date } is not after the current due date { $due }. Please give a later date.
bot-extension-sent = 📨 Extension of task { $number } until { $date } requested from the Department of Home Affairs. You will hear back here.
bot-extension-already-pending = Task { $number } already has an extension request until { $date } awaiting approval.
bot-coord-extension-title = ⏳ EXTENSION REQUEST — { $unit }
bot-coord-extension-due = Current due date: { $due } ({ $status })
bot-coord-extension-proposed = Asked until: { $date } ({ $basis })
bot-coord-extension-reason = Reason: { $reason }
bot-coord-extension-history = Earlier extensions:
bot-history-line = • { $date }: asked until { $proposed } — { $status }
bot-ext-status-pending = awaiting approval
bot-ext-status-approved = approved
bot-ext-status-rejected = rejected
bot-ext-status-countered = approved until { $date }
bot-ext-status-withdrawn = withdrawn
bot-prompt-counter = 📅 Enter the date you grant for task { $number } ({ $unit } asked for { $proposed }; currently due { $due }):
bot-stamp-ext-approve = ✅ Extension approved until { $date } ({ $person })
bot-stamp-ext-counter = 📅 Extension granted until { $date } ({ $person })
bot-stamp-ext-reject = ❌ Extension rejected ({ $person })
bot-ext-result-approved = ✅ The Department of Home Affairs extended task { $number } until { $date }.
bot-ext-result-countered = 📅 The Department of Home Affairs extended task { $number } until { $date } (the unit asked for { $proposed }).
bot-ext-result-rejected = ❌ The Department of Home Affairs did not extend task { $number }. It is still due { $due }.

# Coordinator: events, on-demand dates, approvals, overview, digests.
bot-events-title = 📌 Events that task deadlines count from:
bot-events-line = { $index }. { $event } — { $tasks } tasks, { $items } items waiting (code: { $slug })
bot-events-hint = Press a number, or send: /sukien <number> <date> <document reference>, e.g. /sukien 1 15/3/2024 QĐ 123/QĐ-UBND
bot-events-none = No task counts its deadline from an event.
bot-events-usage = Usage: /sukien <number or code> <date> <document reference>, e.g. /sukien 1 15/3/2024 QĐ 123/QĐ-UBND
bot-events-unknown = No task counts its deadline from event “{ $ref }”.
bot-prompt-event = 📌 Enter the date and document reference of event “{ $event }” (e.g. QĐ số 123/QĐ-UBND ngày 15/3/2024, or Kết luận số 12/KL-TTr ngày 29/3/2024; without a document, just the date):
bot-event-date-missing = Could not read the event's date. Example: QĐ số 123/QĐ-UBND ngày 15/3/2024.
bot-event-recorded = 📌 Event “{ $event }” of { $date } recorded (document: { $reference }). Due dates set for { $count } items:
bot-event-repeated = 🔁 The event happened again: { $count } new items for units an earlier one had already given a deadline.
bot-event-duplicate = Event “{ $event }” of { $date } was recorded already: nothing changed.
bot-event-item = • { $number } { $title } — due { $date }
bot-event-undated = { $count } items got no due date (the plan states no period, or the event lies outside the plan period); use /dathan to set one.
bot-manual-title = 🗓 On-demand tasks waiting for a date:
bot-manual-line = { $index }. [{ $number }] { $title } — { $plan } ({ $items } items)
bot-manual-none = No task is waiting for a date.
bot-prompt-manual = 🗓 Enter the due date of task { $number }: { $title } (e.g. 30/6/2024)
bot-manual-done = 🗓 Due date { $date } set for { $count } items of task { $number }.
bot-approvals-title = 🗂 Awaiting approval ({ $count }):
bot-approvals-done-line = { $index }. ✅ { $unit } reports [{ $number }] { $title } done — { $evidence }
bot-approvals-ext-line = { $index }. ⏳ { $unit } asks to extend [{ $number }] { $title }: { $due } → { $proposed }. Reason: { $reason }
bot-approvals-none = Nothing awaits approval.
bot-overview-title = 📊 OVERVIEW — { $province } ({ $date })
bot-overview-chased = Tracked: { $open } · Overdue: { $overdue } · Due within 7 days: { $next7 }
bot-overview-other = Done: { $done } · Awaiting approval: { $pending } · Waiting for an event / a date: { $waiting } · Extension requests pending: { $extensions }
bot-overview-top = Units with the most overdue tasks:
bot-overview-top-line = { $rank }. { $unit }: { $count }
bot-digest-not-configured = Sending reports is not configured on this server.
bot-digest-empty = There is nothing to report right now.
bot-digest-queued = The report is queued and will arrive within a few minutes.

# Questions asked as alerts when a button is pressed in a private chat (at most 200 characters).
bot-alert-evidence = ✅ Send the number and date of the result document (e.g. QĐ số 123/QĐ-UBND ngày 15/3/2024), or a file or photo of it, in this chat. Send /huy to skip.
bot-alert-extension-reason = ⏳ Currently due { $due }. Send the reason for the extension in this chat; the bot then asks for the date. Send /huy to skip.
bot-alert-progress = 🔄 Send the progress in this chat. Send /huy to skip.

## Zalo (src/zalo): no buttons, so reply commands.

zalo-reminder-commands =
    Reply to this message with a command:
    • xong { $id } <document number and date> — report it done (e.g. xong { $id } QĐ 15/QĐ-SNV 03/01/2024)
    • giahan { $id } <proposed date> <reason> — ask for an extension (e.g. giahan { $id } 31/01/2024 waiting for the review)
zalo-reminder-links =
    Or tap: ✅ Done { $done }
    ⏳ Extension { $extend }
    📄 Details { $details }
zalo-help =
    Task reminder bot on Zalo — commands (the item number is on each reminder):
    • xong <item> <document number and date> — report done, e.g. xong 123 QĐ 15/QĐ-SNV 03/01/2024
    • giahan <item> <proposed date> <reason> — ask for an extension, e.g. giahan 123 31/01/2024 waiting for the Finance Department
    • huongdan — this help
    Not registered yet: send the invitation code from the coordinator (Department of Home Affairs).
zalo-welcome =
    Hello! This is the administrative-reform task reminder bot on Zalo.
    To receive reminders, send the bot the invitation code the coordinator (Department of Home Affairs) gave your unit.
zalo-not-understood = Could not understand “{ $text }”. Send huongdan for the commands.
zalo-invite-invalid = This invitation code is not valid. Please check it or ask the coordinator for a new one.
zalo-invite-expired = This invitation code has expired. Please ask the coordinator for a new one.
zalo-invite-used = This invitation code has already been used. Each code works once; please ask for a new one.
zalo-joined =
    ✅ You are registered as { $role } of { $unit }; reminders will come on Zalo. The unit has { $count } tasks being followed.
    Send huongdan to see how to report completion or ask for an extension.
zalo-not-registered = You are not registered for reminders on Zalo. Please send the invitation code from the coordinator.
zalo-item-not-found = No task with item number { $id }. Please check the number on the reminder.
zalo-bad-missing_item = The item number is missing. Example: { $example }
zalo-bad-bad_item = The item number must be a number (as on the reminder). Example: { $example }
zalo-bad-missing_evidence = The document number and date are missing. Example: { $example }
zalo-bad-missing_date = The proposed date (day/month/year) is missing. Example: { $example }
zalo-bad-missing_reason = The reason for the extension is missing. Example: { $example }
zalo-example-done = xong 123 QĐ 15/QĐ-SNV 03/01/2024
zalo-example-extend = giahan 123 31/01/2024 waiting for the Finance Department

## Web console (src/web).
web-brand = Nhắc việc
web-skip-to-content = Skip to main content
web-nav = Navigation
web-nav-dashboard = Dashboard
web-nav-my-unit = My unit
web-nav-exports = Reports and calendars
web-anonymous = User
web-role-coordinator = coordinator
web-role-leader = leader
web-role-head = unit head
web-role-focal = focal point
web-sign-out = Sign out
web-sign-out-everywhere = Sign out everywhere
web-sign-in-title = Sign in
web-sign-in-explain = Press the button below to sign in to the Nhắc việc console. The link works once and for 10 minutes.
web-sign-in-button = Sign in
web-how-to-sign-in = How to sign in
web-how-to-sign-in-text = Send /login to the Nhắc việc bot on Telegram to get a sign-in link (single use, valid 10 minutes). On a fresh install an administrator makes one with: npx nhacviec web link --unit <unit code> --role coordinator
web-signed-out-text = Your session has ended, or you are not signed in.
web-csrf-refused = Request refused: the form's protection token (CSRF) is missing or wrong. Reload the page and try again.
web-too-many-attempts = Too many sign-in attempts from this address. Please try again in { $minutes } minutes.
web-link-used = This sign-in link has already been used. Each link works once: send /login to the bot for a new one.
web-link-expired = This sign-in link has expired (links last 10 minutes). Send /login to the bot for a new one.
web-link-unknown = This sign-in link is not valid. Send /login to the bot for a new one.
web-link-malformed = This sign-in link is malformed. Copy the whole link, or send /login to the bot for a new one.
web-forbidden-title = Access denied
web-forbidden-unit = You can only see your own unit's figures.
web-forbidden-item = This item belongs to another unit: you can only see your own unit's items.
web-not-found-title = Not found
web-not-found = This page or item does not exist.
web-dashboard-title = Plan progress
web-as-of = Figures as of { $date }
web-no-published-plan = No plan has been published yet. The coordinator imports and publishes a plan first.
web-plan = Plan
web-period = Period
web-period-plan = Whole plan
web-period-year = First year
web-period-q1 = Q1
web-period-q2 = Q2
web-period-q3 = Q3
web-period-q4 = Q4
web-group = Unit group
web-all-units = All units
web-apply = Show
web-figures = Key figures
web-on-time-share = done on time (of items done or overdue)
web-status = Status
web-status-done = Done on time
web-status-done_late = Done late
web-status-overdue = Overdue
web-status-due_soon = Due within 3 working days
web-status-on_track = On track
web-status-short-done = On time
web-status-short-done_late = Late
web-status-short-overdue = Overdue
web-status-short-due_soon = Due soon
web-status-short-on_track = On track
web-units = Units
web-units-page = Page { $page } of { $pages } ({ $count } units)
web-units-prev = Previous page
web-units-next = Next page
web-unit = Unit
web-no-items = No items in this period.
web-worst-overdue = Longest overdue
web-none-overdue = Nothing is overdue.
web-due = due
web-trend = By month
web-month = Month
web-due-items = Due
web-assignment-lead = lead
web-assignment-support = support
web-occurrence = Occurrence
web-deadline-text = Deadline in the plan
web-state = State
web-state-waiting = Waiting for an event or a date
web-state-open = Open
web-state-overdue = Overdue
web-state-extended = Extended
web-state-pending_approval = Completion awaiting approval
web-state-done = Done
web-state-waived = Not carried out
web-done-at = Done at
web-evidence = Evidence document
web-other-units = Other units on this task
web-reminders = Reminders
web-no-reminders = No reminders yet.
web-reminder-kind = Kind
web-reminder-step = Step
web-reminder-planned = Planned
web-reminder-status = Status
web-reminder-sent = Sent
web-possible-duplicate = possible duplicate
web-extensions = Extensions
web-notes = Progress notes

## Web console: exports (/exports)
web-exports-title = Reports and calendars
web-exports-report = Plan execution report annex
web-exports-report-hint = Download the annex (A4 landscape, Times New Roman 13) in the form of the quarterly and yearly CCHC reports. Leave the day empty for figures as of today.
web-exports-unit = Lead unit
web-exports-whole-plan = Whole plan
web-exports-own-unit = Figures of your unit: { $unit }
web-exports-as-of = Figures as of
web-exports-download-xlsx = Download Excel (.xlsx)
web-exports-download-docx = Download Word (.docx)
web-exports-bad-request = Invalid report request. Choose the plan and the format again.
web-exports-back = Back to the reports page
web-exports-feeds = Private calendars (ICS)
web-exports-feeds-hint = Add to Google Calendar, Outlook or iPhone Calendar with "Add calendar from URL". Anyone with the link can read it: keep it private. A link is shown once, when made.
web-exports-feed-unit = Calendar of the unit: { $unit }
web-exports-feed-person = My calendar (every unit I belong to)
web-exports-feed-none = No calendar link yet.
web-exports-feed-exists = A calendar link exists (made on { $date }). It cannot be shown again; a new link stops the old one.
web-exports-feed-create = Make a calendar link
web-exports-feed-rotate = Make a new link (the old one stops working)
web-exports-feed-issued = Calendar link made. Copy it now: it is shown only this once.
web-exports-feed-address = Calendar address
web-exports-feed-subscribe = Open in a calendar app
web-exports-feed-forbidden = This session is not tied to a person, so it has no personal calendar.
web-exports-holidays = Days off and make-up working days (public)
bot-web-login =
    🔐 Sign-in link for the web console (single use, valid { $minutes } minutes):
    { $url }
bot-web-login-not-member = You are not a member of any unit yet, so you cannot sign in to the console. Use the invitation link your coordinator gave you.
bot-web-login-private = For safety, send /login in a private chat with the bot.
bot-web-disabled = The web console is not enabled on this server.

## Web console pages (src/web/*-page.tsx: approvals, items, units, events, calendar, simulation).
webp-error-summary = There is a problem
webp-bad-request-title = Bad request
webp-bad-request = The form is missing something or malformed.
webp-when = When
webp-by = By
webp-item = Task
webp-what = What
webp-outcome = Outcome
webp-details = Details
webp-nav-approvals = Approvals
webp-nav-units = Units
webp-nav-events = Events
webp-nav-calendar = Calendar
webp-approvals-title = Extensions and completions to approve
webp-pending-extensions = Extension requests pending ({ $count })
webp-pending-completions = Completions awaiting approval ({ $count })
webp-nothing-pending = Nothing pending.
webp-current-due = Current due date
webp-proposed-date = Proposed date
webp-reason = Reason
webp-requested-by = Requested by
webp-approve = Approve
webp-reject = Reject
webp-counter = Counter with this date
webp-counter-date = Or another date
webp-history = Decision history
webp-no-history = No decisions yet.
webp-decision = Decision
webp-decide-needs-person = To decide, sign in with a link from the bot (/dangnhap): a decision records who made it.
webp-decide-forbidden = Only the province's coordinators and leaders decide.
webp-not-pending-title = Already handled
webp-not-pending = This request is no longer pending (someone has handled it).
webp-done-item-approve = Completion approved.
webp-done-item-reject = Completion rejected; the task is chased again.
webp-done-extension-approve = Extension approved; the new due date applies.
webp-done-extension-reject = Extension rejected.
webp-done-extension-counter = The due date is now the date you proposed.
webp-action-item-approve = Completion approved
webp-action-item-reject = Completion rejected
webp-action-extension-approve = Extension approved
webp-action-extension-reject = Extension rejected
webp-action-extension-counter = Counter-proposed
webp-evidence-files = Evidence files
webp-no-evidence-files = No evidence files.
webp-file-stored = stored
webp-file-pending = being archived
webp-file-too_large = too large to archive
webp-file-failed = could not be archived
webp-audit-trail = Audit trail
webp-no-audit = Nothing recorded yet.
webp-outcome-ok = done
webp-outcome-refused = refused
webp-outcome-error = error
webp-audit-item-done-start = Pressed ✅ Done
webp-audit-item-done = Reported done
webp-audit-item-approve = Completion approved
webp-audit-item-reject = Completion rejected
webp-audit-item-progress-start = Pressed 🔄 In progress
webp-audit-item-progress = Progress noted
webp-audit-item-detail = Viewed details
webp-audit-extension-start = Pressed ⏳ Extension
webp-audit-extension-request = Requested an extension
webp-audit-extension-approve = Extension approved
webp-audit-extension-reject = Extension rejected
webp-audit-extension-counter = Counter-proposed
webp-audit-approval-notice = Result sent to the unit
webp-ext-pending = pending
webp-ext-approved = approved
webp-ext-rejected = rejected
webp-ext-countered = countered
webp-ext-withdrawn = withdrawn
webp-units-title = Unit directory
webp-units-found = { $count } units
webp-page-of = Page { $page } of { $pages }
webp-no-units = No unit matches.
webp-kind-province = province
webp-kind-department = department
webp-kind-district = district
webp-kind-commune = commune
webp-kind-other = other
webp-aliases = Aliases
webp-groups = Unit groups
webp-group = Group
webp-group-members = Units
webp-covered = Reminders reach someone
webp-not-covered = Reminders reach nobody
webp-open-items = { $count } open items
webp-group-chat = Telegram group bound
webp-unreachable = unreachable
webp-no-members = Nobody has joined.
webp-invite-role = Invite as
webp-invite-group = bind a Telegram group
webp-invite-create = Create invite link
webp-uncovered = { $count } units with work have nobody receiving reminders.
webp-show-them = Show them
webp-search-units = Search by name, alias or code
webp-kind = Level
webp-all-kinds = All
webp-only-uncovered = Only units nobody is reminded for
webp-search = Search
webp-pages = Pages
webp-prev = Previous
webp-next = Next
webp-invite-title = Invite link
webp-invite-title-group = Link to bind a Telegram group
webp-invite-scan = Scan with a phone to open the bot and join.
webp-invite-no-bot = The bot's name is unknown (TELEGRAM_BOT_TOKEN unset): the invitee sends the bot { $command }
webp-invite-expires = Single use; expires { $at }.
webp-invite-print = Print this page (Ctrl+P) to hand out; the link is shown only once.
webp-back-to-units = Back to the unit directory
webp-invite-forbidden = Only coordinators create invite links.
## Channels: e-mail, one-tap links, people's channels (issue #15; src/mail, src/web/one-tap.tsx, src/web/people.tsx).
mail-link-done = ✅ Done
mail-link-extend = ⏳ Request an extension
mail-link-details = 📄 Details
mail-footer-reminder = Automatic reminder from the CCHC reminder system. It is your unit's duty and cannot be unsubscribed from.
mail-footer-digest = Automatic digest from the CCHC reminder system. Use your mail client's “Unsubscribe” to stop receiving digests.
mail-chart-alt = Progress chart
mail-subject-reminder = [Reminder] Task { $task } — due { $due } — { $unit }
mail-subject-escalation = [Reminder — overdue] Task { $task } — due { $due } — { $unit }
mail-subject-late = [Reminder] { $count } late reminders
mail-subject-digest = [Reminder] Digest
mail-subject-notice = [Reminder] Notice
mail-subject-duplicate = (possible duplicate)
notify-test-text = 🔔 Test message from Nhắc việc: the { $channel } channel works. No reply needed.
web-channel-telegram = Telegram
web-channel-zalo = Zalo
web-channel-email = E-mail
web-onetap-invalid-title = This link cannot be used
web-onetap-invalid-malformed = The link is malformed. Open it again from the reminder e-mail.
web-onetap-invalid-forged = The link is not valid (bad signature).
web-onetap-invalid-expired = The link has expired. Use the link in the latest reminder.
web-onetap-invalid-no_person = The person this link was made for is no longer active.
web-onetap-item = Task { $task }: { $title }
web-onetap-unit-due = Unit: { $unit } · Due: { $due }
web-onetap-state = State: { $state }
web-onetap-acknowledged = Noted: you have read the reminder.
web-onetap-evidence-label = Number and date of the document proving it (e.g. 15/QĐ-SNV 03/01/2024)
web-onetap-done-submit = ✅ Report done
web-onetap-extend-date = Proposed new due date (dd/mm/yyyy)
web-onetap-extend-reason = Reason
web-onetap-extend-submit = ⏳ Send the extension request
web-onetap-completed = Recorded as done. The task's later reminders stop.
web-onetap-pending-approval = Recorded; waiting for the coordinator's approval. Later reminders stop.
web-onetap-evidence-missing = A document number (e.g. 15/QĐ-SNV) is needed to report the task done.
web-onetap-not-actionable = This task needs no report any more (state: { $state }).
web-onetap-refused = This link does not allow acting on this task.
web-onetap-extension-requested = Extension to { $date } requested; the coordinator will answer.
web-onetap-extension-failed = The request was not sent ({ $reason }). Check the date and the reason.
web-error-summary = There is a problem
web-person-title = Person: { $name }
web-person-units = Units and roles
web-person-channels = Reminder channels (in order of preference)
web-person-channel-ok = usable
web-person-channel-unusable = unreachable ({ $reason })
web-person-last-ok = last delivered: { $at }
web-person-no-channels = No channel yet.
web-person-add-email = Add an e-mail address
web-person-email-label = Official e-mail address
web-person-add-submit = Add
web-person-added = Address { $address } added.
web-person-reactivated = Address { $address } in use again.
web-person-invalid-email = The e-mail address is not valid.
web-person-forbidden = Only the province's coordinators (or leaders) can add a person's channels.
web-person-mail-not-configured = No mail server is configured (SMTP_URL): the address is kept but no e-mail can be sent yet.
web-person-zalo-invite = Invite to Zalo
web-person-zalo-invite-explain = Create a single-use invite code so this person gets reminders on Zalo.
web-person-zalo-invite-submit = Create a Zalo invite code
web-person-zalo-not-configured = The Zalo channel is not configured (ZALO_BOT_TOKEN): the code only works once the Zalo bot runs.
web-person-zalo-invite-title = Zalo invite code for { $name }
web-person-zalo-invite-steps = For the person: open Zalo, find the agency's Nhắc việc bot, and send it a message with only the code below (or scan the QR code to copy the code). The bot confirms, and reminders then come by Zalo.
web-person-zalo-invite-code = Invite code
web-person-zalo-invite-qr = QR code holding the invite code
web-person-zalo-invite-expires = Single use, for { $unit }, expires { $at }. This page does not keep the code: send or print it now.
web-person-back = Back to the person's page
## Web console: plans (src/web/plans.tsx).
web-nav-plans = Plans
web-forbidden-plans = Only coordinators and leaders see plans; only coordinators import, change and publish them.
web-plans-title = Plans
web-plans-list = Imported plans
web-plans-none = No plan yet. Upload a plan file.
web-plans-upload-title = Upload a plan
web-plans-file = Plan file
web-plans-file-hint = A .docx, .xlsx, .pdf, .txt or .csv file of the CCHC plan (its table of tasks).
web-plans-year = Year of the plan (empty: as the document says)
web-plans-apply-amendment = Apply the amendment if this plan exists already
web-plans-upload = Upload and read
web-plans-upload-progress = Upload progress
web-plans-reading = Uploading and reading the file…
web-plans-review-link = Review every task
web-plans-error-title = There is a problem
web-plan-status-draft = Draft
web-plan-status-published = Published
web-plan-status-archived = Archived
web-upload-no-file = No plan file chosen (or the file is empty).
web-upload-bad-type = "{ $name }" is not a plan file: only { $types } are read. Nothing was written.
web-upload-bad-year = "{ $year }" is not a year (4 digits).
web-upload-refused = The file cannot be imported: { $reason } Nothing was written.
web-import-created = Draft saved.
web-import-unchanged = This file was imported before: nothing changed.
web-import-amendment-pending = This is an amended version of an existing plan: see the changes below; nothing written yet.
web-import-amended = Amendment applied.
web-import-amendment-refused = The amendment has problems, so it was not applied to the published plan.
web-import-dry-run = Read only, nothing written.
web-import-summary = { $tasks } tasks, { $proposals } proposals from the prose; { $errors } errors, { $warnings } warnings.
web-diff-title = Changes from the stored version
web-diff-counts = Added { $added }, removed { $removed }, changed { $changed }, unchanged { $unchanged }.
web-diff-apply-hint = To apply it, upload this file again with "Apply the amendment" ticked.
web-amend-title = Amendments of this plan
web-amend-head = Amended on { $at } ({ $file })
web-amend-published = Applied to the published plan: its due items followed.
web-amend-draft = Applied to the draft.
web-amend-counts = { $added } tasks added, { $removed } removed, { $changed } changed.
web-amend-unchanged = { $n } tasks unchanged.
web-amend-added = Added
web-amend-removed = Removed
web-amend-changed = Changed
web-amend-was = was { $previous }
web-amend-keys-only = An older record: task numbers only, without the changed content.
web-amend-items = Due items: { $created } new, { $redated } moved, { $rewaited } waiting for another event, { $waived } waived, { $kept } kept at their extended date.
web-amend-moves = Due dates moved
web-amend-move = { $from } → { $to } ({ $items } items)
web-amend-no-date = no date yet
web-amend-field-content = task
web-amend-field-output = output
web-amend-field-lead-text = lead agency
web-amend-field-support-text = supporting agencies
web-amend-field-lead-units = lead units
web-amend-field-support-units = supporting units
web-amend-field-deadline = deadline
web-amend-field-budget = budget
web-review-summary = Period { $period } · { $tasks } table tasks, { $proposals } proposals; { $publishable } to publish; { $withdrawn } withdrawn (amendment).
web-review-pending = { $n } decisions pending
web-review-nothing-pending = Nothing awaits a decision.
web-review-tasks = Tasks ({ $n })
web-review-legend-read = read by the engine
web-review-legend-unread = not read
web-review-deadline-cell = Deadline cell
web-review-no-deadline = (no deadline written)
web-review-reading = Understood as
web-review-defaults = Defaults
web-review-first-due = First due dates
web-review-occurrences = ({ $n } in all)
web-review-lead = Lead
web-review-support = Support
web-review-none = no unit
web-review-chosen = chosen by the coordinator
web-review-and-more = and { $n } more units
web-review-unresolved = Not resolved
web-mention-vague = names no particular unit
web-mention-unknown = not in the directory
web-mention-not-in-force = a unit that did not exist in this period
web-task-status-proposal-pending = Proposal from the prose: not decided
web-task-status-proposal-accepted = Proposal: accepted
web-task-status-proposal-rejected = Proposal: rejected
web-task-status-withdrawn = Withdrawn from the plan (amendment)
web-review-accept = Accept
web-review-reject = Reject
web-review-accept-all = Accept every proposal
web-review-reject-all = Reject every proposal
web-review-readings = This deadline reads more than one way: choose one
web-review-choose = Choose this reading
web-review-choose-clear = Clear the choice (pending again)
web-review-set-date = Due date (on-demand task)
web-review-set-date-button = Set the date
web-review-change-units = Change units
web-review-pick-unit = — Choose a unit —
web-review-suggestions = Suggestions
web-review-for = for "{ $text }"
web-review-all-units = Unit directory
web-review-assign = Assign to the chosen units
web-review-assign-clear = Back to the units the document names
web-done-assign = Task { $task } reassigned.
web-done-proposals = Decision on proposal { $task } recorded.
web-done-choose = Reading of task { $task }'s deadline chosen.
web-done-set-date = Date of task { $task } set.
web-publish-check = Check and publish
web-publish-again = Publish again (adds only what is missing)
web-publish-title = Check before publishing
web-publish-tasks = Tasks to publish
web-publish-proposals = Proposals from the prose
web-publish-blocking = Problems left
web-publish-warning = Publishing creates each unit's due dates and starts the Telegram reminders. It cannot be undone.
web-publish-accept-problems = Publish although problems remain (recorded in the audit log)
web-publish-include-proposals = Also publish the proposals not rejected
web-publish-button = Publish the plan
web-publish-busy = Publishing… this may take a few seconds.
web-publish-refused = Not published: { $n } problems left. Fix them or tick "Publish although problems remain".
web-publish-done = Published: { $tasks } tasks, { $items } due items ({ $created } new; { $dated } dated, { $waiting } waiting).
web-publish-unassigned = Tasks with no unit: { $tasks }.
web-publish-see-items = See progress
web-unsubscribe-title = Stop receiving digests
web-unsubscribe-explain = Digests will no longer be e-mailed to you. Reminders of your unit's tasks still will.
web-unsubscribe-button = Stop digests
web-unsubscribe-done = Digests are no longer e-mailed to you. Reminders of tasks still are.
webp-events-title = Events deadlines count from
webp-no-event-types = No task's deadline counts from an event.
webp-event-type = Event
webp-event-waiting = { $items } items waiting, { $tasks } tasks
webp-event-date = Date
webp-event-date-hint = (e.g. 15/3/2024)
webp-event-reference = Document reference
webp-event-preview = Preview the items it will date
webp-events-read-only = Only coordinators record events; you may read.
webp-event-types = Event types
webp-event-tasks = Tasks
webp-event-items-waiting = Items waiting
webp-events-recorded = Recorded events
webp-no-events = No event recorded yet.
webp-event-check = Check before recording
webp-event-will-date = This event will date { $items } items ({ $waiting } items are waiting for this event).
webp-new-due = New due date
webp-units-affected = Units
webp-event-repeated = new occurrence
webp-event-confirm = Record the event
webp-event-change = Change
webp-events-forbidden = Only coordinators record events; leaders may read them.
webp-event-duplicate = This event (same type, same day) was recorded before: nothing changed.
webp-event-recorded = Event recorded: { $dated } items dated, { $created } new items.
webp-event-unknown-type = Choose an event from the list.
webp-event-date-missing = Enter the event's date.
webp-calendar-title = Due-date calendar
webp-month-name = { $month }/{ $year }
webp-calendar-months = Months
webp-prev-month = Previous month
webp-next-month = Next month
webp-this-month = This month
webp-calendar-legend = Each day: tasks due (done/units). Public holidays and make-up working days are named.
webp-dow-1 = Mon
webp-dow-2 = Tue
webp-dow-3 = Wed
webp-dow-4 = Thu
webp-dow-5 = Fri
webp-dow-6 = Sat
webp-dow-7 = Sun
webp-today = today
webp-holiday = Holiday
webp-makeup-day = Make-up working day
webp-more = and { $count } more

## Web console: a plan's year preview (src/web/simulate-page.tsx).
webs-link = Preview a year of reminders (simulation)
webs-title = Reminder simulation
webs-explain = Runs every reminder, nudge, escalation and digest of the plan over the chosen period on a virtual clock. Nothing is sent and no data changes.
webs-draft-note = The plan is a draft: the server publishes it in a temporary copy and simulates that; the real plan does not change.
webs-from = From
webs-to = To
webs-rate = Assumed completion rate (%)
webs-run = Run the simulation
webs-run-again = Run the simulation again
webs-join = Running — follow its progress
webs-none-yet = No simulation has been run for this plan yet.
webs-queued = Waiting for its turn (the server simulates one plan at a time)…
webs-running = Simulating { $day }: { $done }/{ $total } days ({ $percent } %).
webs-progress = Simulation progress
webs-running-explain = You may leave this page; the result is kept when the simulation is over.
webs-reload = Reload the page
webs-failed-title = The simulation failed
webs-failed-generic = The server hit an error while simulating (it was logged). Try again; if it still fails, tell the system administrator.
webs-failed-kept = The previous simulation's result is still shown below.
webs-outdated = The plan changed after this simulation: run it again for current figures.
webs-result-title = Result from { $from } to { $to }
webs-result-when = Simulated at { $at }; assumed completion rate { $rate } %.
webs-figures = Totals
webs-due-items = Due items
webs-completed = Completed
webs-messages = Messages that would be sent
webs-digests = Digests
webs-series-reminders = Reminders
webs-series-escalations = Escalations
webs-series-overdue = Overdue items
webs-chart-title = Reminders, escalations and overdue items by month
webs-chart-max = highest { $n }
webs-by-month = By month
webs-all-messages = All messages
webs-by-unit = Units with the most escalations ({ $shown } of { $count } units)
webs-download-title = Download
webs-download-explain = All { $n } messages of this simulation, as nhacviec simulate --json prints them.
webs-download-csv = Download CSV (opens in Excel)
webs-download-jsonl = Download JSONL (one message a line)
webs-no-download = There is no simulation result to download yet. Run the simulation first.
webs-invalid-from = The start date is not valid (day/month/year).
webs-invalid-to = The end date is not valid or comes before the start date.
webs-invalid-too-long = The period is too long: 5 years at most.
webs-invalid-rate = The completion rate must be a whole number from 0 to 100.
