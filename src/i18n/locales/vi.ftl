## Reminders, escalations, nudges and late notices (sent by the worker).

reminder-header = 🔔 NHẮC VIỆC — { $unit }
escalation-header = ⚠️ QUÁ HẠN { $days } NGÀY LÀM VIỆC — { $unit }
nudge-header = ⏰ NHẮC LẠI — { $unit }: chưa nhận được phản hồi về nhiệm vụ dưới đây
late-header = 📋 Trong thời gian hệ thống tạm ngừng, có { $count } nhắc việc chưa gửi tới anh/chị:
late-single-note = (Nhắc việc gửi muộn do hệ thống tạm ngừng.)
duplicate-note = (Có thể anh/chị đã nhận tin này: lần gửi trước không xác nhận được.)

task-line = Nhiệm vụ { $number }: { $title }
plan-line = Kế hoạch: { $plan }
duty-line = Kỳ / nội dung: { $label }
due-line = Hạn: { $date } ({ $weekday })
due-in = còn { $days } ngày làm việc
due-today = đến hạn hôm nay
due-overdue = quá hạn { $days } ngày làm việc
role-lead = Vai trò: chủ trì
role-support = Vai trò: phối hợp — hạn nội bộ { $internal }, trước hạn của đơn vị chủ trì ({ $lead })
support-missing = Đơn vị phối hợp chưa gửi kết quả: { $units }
escalation-history = Đã nhắc: { $history }
escalation-history-none = Chưa có lời nhắc nào được gửi trước đó.
escalation-unit-line = Đơn vị chịu trách nhiệm: { $unit }
late-item = • { $number } { $title } — hạn { $date } ({ $status })
reply-hint = Trả lời bằng các nút bên dưới hoặc gửi số, ngày văn bản khi hoàn thành.

audience-focal = cán bộ đầu mối
audience-unit_chat = nhóm của đơn vị
audience-head = lãnh đạo đơn vị
audience-coordinator = Sở Nội vụ
audience-leadership = lãnh đạo tỉnh

notice-chat-inactive = ⚠️ Không gửi được nhắc việc tới chat { $chat } ({ $reason }). Chat đã được đánh dấu ngừng hoạt động; nhắc việc được chuyển cho người nhận khác của đơn vị (nếu có). Đề nghị liên hệ đơn vị để cập nhật cán bộ đầu mối.

## Digests.

digest-leadership-title = 📊 BÁO CÁO TUẦN — NHIỆM VỤ QUÁ HẠN ({ $date })
digest-coordinator-title = 🗂 TỔNG HỢP NGÀY { $date }
digest-unit-title = 📅 { $unit } — VIỆC TRONG TUẦN ({ $from } – { $to })
digest-total-overdue = Tổng số nhiệm vụ quá hạn: { $count }
digest-trend = So với tuần trước: { $delta }
digest-units-ranked = Đơn vị có nhiều nhiệm vụ quá hạn nhất:
digest-unit-rank-line = { $rank }. { $unit }: { $count }
digest-oldest = Quá hạn lâu nhất:
digest-oldest-line = • { $unit } — { $number } { $title } (hạn { $date }, quá { $days } ngày làm việc)
digest-due-this-week = Đến hạn trong tuần:
digest-overdue = Đã quá hạn:
digest-item-line = • { $number } { $title } — hạn { $date }
digest-coordinator-counts = Mở: { $open } · Quá hạn: { $overdue } · Hoàn thành hôm nay: { $doneToday } · Chờ duyệt: { $pending } · Chờ sự kiện: { $waiting }
digest-page = (trang { $page }/{ $pages })
