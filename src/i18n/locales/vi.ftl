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
role-support = Vai trò: phối hợp — hạn nội bộ { $internal }, { $days } ngày làm việc trước hạn của đơn vị chủ trì ({ $lead })
role-support-same = Vai trò: phối hợp — hạn nội bộ trùng hạn của đơn vị chủ trì ({ $lead })
role-support-undated = Vai trò: phối hợp
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

## Bot

# Onboarding and membership.
bot-welcome =
    Xin chào! Đây là bot Nhắc việc cải cách hành chính.
    Để nhận nhắc việc, anh/chị cần đường dẫn mời do cán bộ điều phối (Sở Nội vụ) cấp cho đơn vị mình. Bấm vào đường dẫn đó trong Telegram là xong.
bot-welcome-member =
    Xin chào { $name }! Anh/chị đang tham gia với vai trò:
    { $roles }
    Gõ /help để xem các lệnh.
bot-welcome-group =
    Để nhóm này nhận nhắc việc thay cho đơn vị (khi đơn vị chưa có cán bộ đầu mối), quản trị viên nhóm gửi lệnh /start kèm mã mời do Sở Nội vụ cấp.
bot-membership-line = • { $role } — { $unit }
bot-invite-invalid = Đường dẫn mời không hợp lệ. Vui lòng xin đường dẫn mới từ cán bộ điều phối.
bot-invite-expired = Đường dẫn mời đã hết hạn. Vui lòng xin đường dẫn mới từ cán bộ điều phối.
bot-invite-group-admin-only = Chỉ quản trị viên của nhóm mới gắn được nhóm với đơn vị. Đường dẫn mời vẫn còn hiệu lực: nhờ quản trị viên nhóm gửi lại lệnh này.
bot-invite-used = Đường dẫn mời này đã được sử dụng. Mỗi đường dẫn chỉ dùng được một lần; vui lòng xin đường dẫn mới.
bot-joined-focal =
    ✅ Anh/chị đã được ghi nhận là cán bộ đầu mối của { $unit }.
    Anh/chị sẽ nhận nhắc hạn các nhiệm vụ của đơn vị (trước hạn, đúng hạn và khi quá hạn) và báo hoàn thành, xin gia hạn ngay trên tin nhắc. Hiện đơn vị có { $count } nhiệm vụ đang theo dõi.
    Lệnh: /viec (việc của đơn vị), /quahan (việc quá hạn), /lich (30 ngày tới), /roi (thôi nhận).
bot-joined-head =
    ✅ Anh/chị đã được ghi nhận là lãnh đạo của { $unit }.
    Anh/chị sẽ nhận báo cáo khi nhiệm vụ của đơn vị quá hạn. Hiện đơn vị có { $count } nhiệm vụ đang theo dõi.
    Lệnh: /viec, /quahan, /lich, /baocao, /roi.
bot-joined-leader =
    ✅ Anh/chị đã được ghi nhận là lãnh đạo tỉnh ({ $unit }).
    Anh/chị sẽ nhận báo cáo định kỳ và cảnh báo nhiệm vụ quá hạn kéo dài.
    Lệnh: /baocao (nhận báo cáo ngay), /tongquan (tổng quan), /roi.
bot-joined-coordinator =
    ✅ Anh/chị đã được ghi nhận là cán bộ điều phối ({ $unit }).
    Anh/chị sẽ nhận báo hoàn thành, yêu cầu gia hạn và báo cáo tổng hợp.
    Lệnh: /duyet (việc chờ duyệt), /sukien (ghi nhận sự kiện), /dathan (đặt hạn nhiệm vụ theo yêu cầu), /tongquan, /baocao, /thuhoi.
bot-joined-group =
    ✅ Nhóm này đã được gắn với { $unit }: nhắc việc của đơn vị sẽ gửi vào nhóm khi đơn vị không có cán bộ đầu mối liên lạc được. Hiện đơn vị có { $count } nhiệm vụ đang theo dõi.
bot-leave-confirm =
    Anh/chị sẽ thôi nhận nhắc việc với vai trò:
    { $list }
    Xác nhận?
bot-leave-done = Đã dừng ({ $count } vai trò). Anh/chị sẽ không nhận nhắc việc nữa; muốn tham gia lại, vui lòng xin đường dẫn mời mới.
bot-leave-cancelled = Đã huỷ. Anh/chị vẫn tiếp tục nhận nhắc việc.
bot-revoke-usage = Cú pháp: /thuhoi <mã đơn vị>, ví dụ /thuhoi so-noi-vu
bot-revoke-unknown = Không tìm thấy thành viên nào của đơn vị “{ $ref }”.
bot-revoke-title = Thành viên của { $unit } (bấm số để thu hồi):
bot-revoke-line = { $index }. { $name } — { $role }
bot-revoke-done = Đã thu hồi vai trò { $role } của { $name } ({ $unit }).
bot-revoke-already = Vai trò này đã được thu hồi trước đó.
bot-role-focal = cán bộ đầu mối
bot-role-head = lãnh đạo đơn vị
bot-role-leader = lãnh đạo tỉnh
bot-role-coordinator = cán bộ điều phối

# Refusals and errors.
bot-refused-not-registered = Anh/chị chưa đăng ký với bot. Vui lòng dùng đường dẫn mời do cán bộ điều phối cấp.
bot-refused-not-allowed = Anh/chị không có quyền thực hiện thao tác này.
bot-refused-not-member = Anh/chị chưa được gắn với đơn vị nào để nhận nhắc việc.
bot-cb-invalid = Nút không hợp lệ.
bot-cb-expired = Nút này đã hết hạn. Gõ /viec để xem lại danh sách việc.
bot-cb-used = Thao tác này đã được thực hiện trước đó.
bot-cb-refused = Anh/chị không có quyền thực hiện thao tác này.
bot-rate-limited = Thao tác quá nhanh, vui lòng thử lại sau ít giây.
bot-error = Có lỗi xảy ra, vui lòng thử lại sau.
bot-unknown-command = Không có lệnh này. Gõ /help để xem các lệnh.
bot-hint-nothing-pending = Gõ /viec để xem việc của đơn vị, /help để xem các lệnh.
bot-cancelled = Đã huỷ.
bot-nothing-to-cancel = Không có thao tác nào đang chờ.
bot-help =
    Các lệnh của bot Nhắc việc:
    /viec — việc của đơn vị, gần hạn nhất trước
    /quahan — việc đã quá hạn
    /lich — việc đến hạn trong 30 ngày tới
    /duyet — việc chờ duyệt (cán bộ điều phối)
    /sukien — ghi nhận sự kiện mà thời hạn được tính từ đó: công bố TTHC, kết thúc đợt kiểm tra, tiếp nhận hồ sơ… (cán bộ điều phối)
    /dathan — đặt hạn cho nhiệm vụ theo yêu cầu (cán bộ điều phối)
    /tongquan — tổng quan toàn tỉnh
    /baocao — nhận báo cáo ngay
    /thuhoi — thu hồi quyền của thành viên (cán bộ điều phối)
    /dangnhap — đường dẫn đăng nhập trang quản lý trên trình duyệt
    /huy — huỷ thao tác đang chờ
    /roi — thôi nhận nhắc việc
    Trên mỗi tin nhắc có các nút: ✅ Hoàn thành, ⏳ Xin gia hạn, 🔄 Đang thực hiện, 📄 Chi tiết.

# Buttons.
bot-btn-done = ✅ Hoàn thành
bot-btn-extend = ⏳ Xin gia hạn
bot-btn-progress = 🔄 Đang thực hiện
bot-btn-detail = 📄 Chi tiết
bot-btn-detail-n = 📄 { $index }
bot-btn-approve = ✅ Đồng ý
bot-btn-approve-n = ✅ { $index }
bot-btn-reject = ❌ Từ chối
bot-btn-reject-n = ❌ { $index }
bot-btn-reject-done = ↩️ Trả lại
bot-btn-reject-done-n = ↩️ { $index }
bot-btn-counter = 📅 Đề xuất ngày khác
bot-btn-counter-n = 📅 { $index }
bot-btn-pick = Chọn
bot-btn-pick-n = { $index }
bot-btn-revoke = 🚫 Thu hồi
bot-btn-revoke-n = 🚫 { $index }
bot-btn-leave-yes = Xác nhận thôi nhận
bot-btn-leave-no = Huỷ

# Command menu.
bot-cmd-viec = Việc của đơn vị
bot-cmd-quahan = Việc quá hạn
bot-cmd-lich = Việc đến hạn trong 30 ngày tới
bot-cmd-duyet = Việc chờ duyệt
bot-cmd-sukien = Ghi nhận sự kiện (công bố TTHC, kết thúc kiểm tra…)
bot-cmd-dathan = Đặt hạn nhiệm vụ theo yêu cầu
bot-cmd-tongquan = Tổng quan toàn tỉnh
bot-cmd-baocao = Nhận báo cáo ngay
bot-cmd-roi = Thôi nhận nhắc việc
bot-cmd-huy = Huỷ thao tác đang chờ
bot-cmd-help = Hướng dẫn
bot-cmd-dangnhap = Đăng nhập trang quản lý

# States and relative due status.
bot-state-waiting = chờ sự kiện / chờ đặt hạn
bot-state-open = đang thực hiện
bot-state-overdue = quá hạn
bot-state-extended = đã gia hạn
bot-state-pending-approval = chờ duyệt kết quả
bot-state-done = đã hoàn thành
bot-state-waived = được miễn
bot-rel-overdue = quá hạn { $days } ngày làm việc
bot-rel-today = đến hạn hôm nay
bot-rel-left = còn { $days } ngày làm việc

# Lists.
bot-list-title-all = 📋 Việc của { $units }: { $count } nhiệm vụ đang theo dõi
bot-list-title-overdue = 🔴 Việc quá hạn của { $units }: { $count }
bot-list-title-upcoming = 📅 Việc của { $units } đến hạn trong 30 ngày tới: { $count }
bot-list-empty-all = 🎉 { $units } không có nhiệm vụ nào đang theo dõi.
bot-list-empty-overdue = 👍 { $units } không có nhiệm vụ nào quá hạn.
bot-list-empty-upcoming = { $units } không có nhiệm vụ nào đến hạn trong 30 ngày tới.
bot-list-item =
    { $index }. { $mark }[{ $number }] { $title } — { $label }
       Hạn: { $date } ({ $status })
bot-list-more = … và { $count } mục khác.
bot-list-hint = Bấm 📄 và số thứ tự để xem chi tiết và báo hoàn thành.
bot-list-no-units-coordinator = Anh/chị không trực tiếp phụ trách đơn vị nào. Dùng /tongquan để xem tổng quan, /duyet để xem việc chờ duyệt.

# Details.
bot-item-head = Nhiệm vụ { $number }: { $title } — { $label }
bot-item-not-found = Không tìm thấy nhiệm vụ này.
bot-item-not-actionable = Nhiệm vụ { $number } hiện { $state }; không cần thao tác thêm.
bot-detail-title = 📄 CHI TIẾT NHIỆM VỤ { $number }
bot-detail-output = Sản phẩm: { $output }
bot-detail-plan = Kế hoạch: { $plan }
bot-detail-occurrence = Kỳ / nội dung: { $label }
bot-detail-deadline-text = Thời hạn ghi trong kế hoạch: { $text }
bot-detail-deadline-reading = Hệ thống hiểu là: { $text }
bot-detail-due = Hạn: { $date } ({ $status })
bot-detail-nominal = (Hạn ghi trong văn bản: { $date }; hạn trên được điều chỉnh theo ngày làm việc.)
bot-detail-no-date = Chưa có hạn ({ $status }).
bot-detail-lead = Đơn vị chủ trì: { $units }
bot-detail-your-role-support = { $unit } là đơn vị phối hợp.
bot-detail-support-title = Đơn vị phối hợp:
bot-detail-support-delivered = • ✅ { $unit } — { $state }
bot-detail-support-missing = • ⏳ { $unit } — { $state }
bot-detail-state = Trạng thái: { $state }
bot-detail-evidence = Kết quả đã gửi: { $evidence }
bot-detail-extensions-title = Lịch sử gia hạn:
bot-detail-extension-line = • { $date }: đề nghị đến { $proposed } — { $status } (lý do: { $reason })
bot-detail-notes-title = Tiến độ gần đây:
bot-detail-note-system = ghi chú của hệ thống
bot-detail-note-line = • { $date } ({ $person }): { $text }
bot-detail-missing = Còn thiếu: { $list }
bot-detail-missing-evidence = văn bản hoặc tệp kết quả
bot-detail-missing-support = kết quả của đơn vị phối hợp { $units }
bot-detail-missing-approval = ý kiến duyệt của Sở Nội vụ

# Evidence.
bot-evidence-number = số { $number }
bot-evidence-number-date = số { $number } ngày { $date }
bot-evidence-date = văn bản ngày { $date }
bot-evidence-file = tệp { $file }
bot-evidence-late = ⚠️ Văn bản đề ngày { $date }, sau hạn { $due }.

# Completion.
bot-prompt-evidence =
    ✅ Vui lòng trả lời tin này bằng số, ngày văn bản kết quả (ví dụ: QĐ số 123/QĐ-UBND ngày 15/3/2024) hoặc gửi tệp, ảnh văn bản.
    Gõ /huy để bỏ qua.
bot-evidence-missing =
    Chưa đọc được số văn bản cho nhiệm vụ { $number }. Vui lòng gửi số, ngày văn bản (ví dụ: QĐ số 123/QĐ-UBND ngày 15/3/2024) hoặc tệp, ảnh văn bản.
    Gõ /huy để bỏ qua.
bot-done-recorded = ✅ Đã ghi nhận hoàn thành nhiệm vụ { $number } ({ $evidence }).
bot-done-thanks = Cảm ơn anh/chị; Sở Nội vụ đã được thông báo.
bot-done-awaiting-approval = Kết quả đang chờ Sở Nội vụ duyệt; anh/chị sẽ nhận thông báo qua bot.
bot-stamp-done = ✅ ĐÃ BÁO HOÀN THÀNH — { $evidence }
bot-stamp-pending = 🕓 ĐÃ BÁO HOÀN THÀNH, CHỜ DUYỆT — { $evidence }
bot-coord-done-title = ✅ { $unit } báo hoàn thành
bot-coord-done-approval-title = 🕓 { $unit } báo hoàn thành — cần duyệt
bot-coord-due = Hạn: { $date }
bot-coord-evidence = Kết quả: { $evidence }
bot-coord-reporter = Người gửi: { $person }
bot-coord-support-role = (Đơn vị phối hợp)
bot-lead-support-done = 📥 Đơn vị phối hợp { $unit } đã gửi kết quả nhiệm vụ { $number }: { $title } — { $label } ({ $evidence }).
bot-stamp-approved = ✅ Đã duyệt ({ $person })
bot-stamp-rejected = ↩️ Đã trả lại ({ $person })
bot-already-decided = Việc này đã được xử lý trước đó ({ $state }).
bot-done-approved = ✅ Kết quả nhiệm vụ { $number } đã được Sở Nội vụ duyệt.
bot-done-rejected = ↩️ Kết quả nhiệm vụ { $number } chưa được chấp nhận; nhiệm vụ được mở lại. Vui lòng bổ sung và báo hoàn thành lại.

# Progress.
bot-prompt-progress = 🔄 Vui lòng nhập tình hình thực hiện (trả lời tin này). Gõ /huy để bỏ qua.
bot-progress-saved = 🔄 Đã ghi nhận tiến độ nhiệm vụ { $number }.

# Extensions.
bot-prompt-extension-reason = ⏳ Xin gia hạn — hạn hiện tại { $due } ({ $status }). Vui lòng nêu lý do (trả lời tin này). Gõ /huy để bỏ qua.
bot-prompt-extension-reason-again = Vui lòng nêu lý do xin gia hạn.
bot-prompt-extension-date = Anh/chị đề xuất hạn mới là ngày nào? (ví dụ: 30/6/2024, ngày 15 tháng 7, cuối tháng 8)
bot-date-unreadable = Chưa đọc được ngày. Ví dụ: 30/6/2024, ngày 15 tháng 7, cuối tháng 8.
bot-date-not-a-day = Vui lòng nhập một ngày cụ thể (ví dụ: 30/6/2024), không phải một mốc định kỳ.
bot-date-in-past = Ngày này đã qua. Vui lòng nhập một ngày sắp tới.
bot-date-not-later = Ngày đề xuất { $date } không sau hạn hiện tại { $due }. Vui lòng nhập ngày muộn hơn.
bot-extension-sent = 📨 Đã gửi đề nghị gia hạn nhiệm vụ { $number } đến ngày { $date } tới Sở Nội vụ. Anh/chị sẽ nhận kết quả qua bot.
bot-extension-already-pending = Nhiệm vụ { $number } đang có đề nghị gia hạn đến ngày { $date } chờ Sở Nội vụ duyệt.
bot-coord-extension-title = ⏳ ĐỀ NGHỊ GIA HẠN — { $unit }
bot-coord-extension-due = Hạn hiện tại: { $due } ({ $status })
bot-coord-extension-proposed = Đề nghị gia hạn đến: { $date } ({ $basis })
bot-coord-extension-reason = Lý do: { $reason }
bot-coord-extension-history = Các lần gia hạn trước:
bot-history-line = • { $date }: đề nghị đến { $proposed } — { $status }
bot-ext-status-pending = chờ duyệt
bot-ext-status-approved = đã đồng ý
bot-ext-status-rejected = không đồng ý
bot-ext-status-countered = đồng ý đến { $date }
bot-ext-status-withdrawn = đã rút
bot-prompt-counter = 📅 Nhập ngày gia hạn Sở Nội vụ đồng ý cho nhiệm vụ { $number } ({ $unit } đề nghị { $proposed }; hạn hiện tại { $due }):
bot-stamp-ext-approve = ✅ Đã đồng ý gia hạn đến { $date } ({ $person })
bot-stamp-ext-counter = 📅 Đã đồng ý gia hạn đến { $date } ({ $person })
bot-stamp-ext-reject = ❌ Không đồng ý gia hạn ({ $person })
bot-ext-result-approved = ✅ Sở Nội vụ đồng ý gia hạn nhiệm vụ { $number } đến ngày { $date }.
bot-ext-result-countered = 📅 Sở Nội vụ đồng ý gia hạn nhiệm vụ { $number } đến ngày { $date } (đơn vị đề nghị { $proposed }).
bot-ext-result-rejected = ❌ Sở Nội vụ không đồng ý gia hạn nhiệm vụ { $number }. Hạn vẫn là { $due }.

# Coordinator: events, on-demand dates, approvals, overview, digests.
bot-events-title = 📌 Các sự kiện mà thời hạn nhiệm vụ được tính từ đó:
bot-events-line = { $index }. { $event } — { $tasks } nhiệm vụ, { $items } mục đang chờ (mã: { $slug })
bot-events-hint = Bấm số thứ tự, hoặc gõ: /sukien <số thứ tự> <ngày> <số hiệu văn bản>, ví dụ /sukien 1 15/3/2024 QĐ 123/QĐ-UBND
bot-events-none = Không có nhiệm vụ nào tính thời hạn từ một sự kiện.
bot-events-usage = Cú pháp: /sukien <số thứ tự hoặc mã> <ngày> <số hiệu văn bản>, ví dụ /sukien 1 15/3/2024 QĐ 123/QĐ-UBND
bot-events-unknown = Không có nhiệm vụ nào tính thời hạn từ sự kiện “{ $ref }”.
bot-prompt-event = 📌 Nhập ngày và số hiệu văn bản của sự kiện “{ $event }” (ví dụ: QĐ số 123/QĐ-UBND ngày 15/3/2024, hoặc Kết luận số 12/KL-TTr ngày 29/3/2024; không có văn bản thì chỉ nhập ngày):
bot-event-date-missing = Chưa đọc được ngày của sự kiện. Ví dụ: QĐ số 123/QĐ-UBND ngày 15/3/2024.
bot-event-recorded = 📌 Đã ghi nhận sự kiện “{ $event }” ngày { $date } (văn bản: { $reference }). Đã tính hạn cho { $count } mục nhiệm vụ:
bot-event-repeated = 🔁 Sự kiện lặp lại: tạo thêm { $count } mục mới cho các đơn vị đã nhận hạn từ lần trước.
bot-event-duplicate = Sự kiện “{ $event }” ngày { $date } đã được ghi nhận trước đó: không thay đổi gì.
bot-event-item = • { $number } { $title } — hạn { $date }
bot-event-undated = { $count } mục chưa tính được hạn (kế hoạch không ghi thời hạn, hoặc sự kiện ngoài kỳ kế hoạch); dùng /dathan để đặt hạn.
bot-manual-title = 🗓 Nhiệm vụ theo yêu cầu đang chờ đặt hạn:
bot-manual-line = { $index }. [{ $number }] { $title } — { $plan } ({ $items } mục)
bot-manual-none = Không có nhiệm vụ nào đang chờ đặt hạn.
bot-prompt-manual = 🗓 Nhập hạn cho nhiệm vụ { $number }: { $title } (ví dụ: 30/6/2024)
bot-manual-done = 🗓 Đã đặt hạn { $date } cho { $count } mục của nhiệm vụ { $number }.
bot-approvals-title = 🗂 Việc chờ duyệt ({ $count }):
bot-approvals-done-line = { $index }. ✅ { $unit } báo hoàn thành [{ $number }] { $title } — { $evidence }
bot-approvals-ext-line = { $index }. ⏳ { $unit } xin gia hạn [{ $number }] { $title }: { $due } → { $proposed }. Lý do: { $reason }
bot-approvals-none = Không có việc nào chờ duyệt.
bot-overview-title = 📊 TỔNG QUAN — { $province } ({ $date })
bot-overview-chased = Đang theo dõi: { $open } · Quá hạn: { $overdue } · Đến hạn trong 7 ngày: { $next7 }
bot-overview-other = Đã hoàn thành: { $done } · Chờ duyệt kết quả: { $pending } · Chờ sự kiện / đặt hạn: { $waiting } · Đề nghị gia hạn chờ duyệt: { $extensions }
bot-overview-top = Đơn vị có nhiều nhiệm vụ quá hạn nhất:
bot-overview-top-line = { $rank }. { $unit }: { $count }
bot-digest-not-configured = Chức năng gửi báo cáo chưa được cấu hình trên máy chủ này.
bot-digest-empty = Hiện không có nội dung nào cần báo cáo.
bot-digest-queued = Báo cáo đã được xếp hàng gửi và sẽ đến trong vài phút.

# Questions asked as alerts when a button is pressed in a private chat (at most 200 characters).
bot-alert-evidence = ✅ Gửi số, ngày văn bản kết quả (vd: QĐ số 123/QĐ-UBND ngày 15/3/2024) hoặc tệp, ảnh văn bản vào cuộc trò chuyện này. Gõ /huy để bỏ qua.
bot-alert-extension-reason = ⏳ Hạn hiện tại { $due }. Gửi lý do xin gia hạn vào cuộc trò chuyện này; bot sẽ hỏi tiếp ngày đề xuất. Gõ /huy để bỏ qua.
bot-alert-progress = 🔄 Gửi tình hình thực hiện vào cuộc trò chuyện này. Gõ /huy để bỏ qua.

## Zalo (src/zalo): no buttons, so reply commands.

zalo-reminder-commands =
    Trả lời tin này bằng lệnh:
    • xong { $id } <số, ngày văn bản> — báo hoàn thành (ví dụ: xong { $id } QĐ 15/QĐ-SNV 03/01/2024)
    • giahan { $id } <ngày đề nghị> <lý do> — xin gia hạn (ví dụ: giahan { $id } 31/01/2024 chờ ý kiến thẩm định)
zalo-reminder-links =
    Hoặc bấm: ✅ Hoàn thành { $done }
    ⏳ Xin gia hạn { $extend }
    📄 Chi tiết { $details }
zalo-help =
    Bot Nhắc việc trên Zalo — các lệnh (mã việc là số ghi trên tin nhắc):
    • xong <mã việc> <số, ngày văn bản> — báo hoàn thành, ví dụ: xong 123 QĐ 15/QĐ-SNV 03/01/2024
    • giahan <mã việc> <ngày đề nghị> <lý do> — xin gia hạn, ví dụ: giahan 123 31/01/2024 chờ ý kiến Sở Tài chính
    • huongdan — xem lại hướng dẫn này
    Chưa đăng ký: gửi mã mời do cán bộ điều phối (Sở Nội vụ) cấp.
zalo-welcome =
    Xin chào! Đây là bot Nhắc việc cải cách hành chính trên Zalo.
    Để nhận nhắc việc, anh/chị gửi cho bot mã mời do cán bộ điều phối (Sở Nội vụ) cấp cho đơn vị mình.
zalo-not-understood = Chưa hiểu tin nhắn “{ $text }”. Gõ huongdan để xem các lệnh.
zalo-invite-invalid = Mã mời không hợp lệ. Vui lòng kiểm tra lại hoặc xin mã mới từ cán bộ điều phối.
zalo-invite-expired = Mã mời đã hết hạn. Vui lòng xin mã mới từ cán bộ điều phối.
zalo-invite-used = Mã mời này đã được sử dụng. Mỗi mã chỉ dùng được một lần; vui lòng xin mã mới.
zalo-joined =
    ✅ Anh/chị đã được ghi nhận là { $role } của { $unit }; nhắc việc sẽ gửi qua Zalo. Hiện đơn vị có { $count } nhiệm vụ đang theo dõi.
    Gõ huongdan để xem cách báo hoàn thành, xin gia hạn.
zalo-not-registered = Anh/chị chưa đăng ký nhận nhắc việc trên Zalo. Vui lòng gửi mã mời do cán bộ điều phối cấp.
zalo-item-not-found = Không tìm thấy nhiệm vụ mã { $id }. Vui lòng kiểm tra mã việc ghi trên tin nhắc.
zalo-bad-missing_item = Thiếu mã việc. Ví dụ: { $example }
zalo-bad-bad_item = Mã việc phải là một số (ghi trên tin nhắc). Ví dụ: { $example }
zalo-bad-missing_evidence = Thiếu số, ngày văn bản kết quả. Ví dụ: { $example }
zalo-bad-missing_date = Thiếu ngày đề nghị gia hạn (dạng ngày/tháng/năm). Ví dụ: { $example }
zalo-bad-missing_reason = Thiếu lý do xin gia hạn. Ví dụ: { $example }
zalo-example-done = xong 123 QĐ 15/QĐ-SNV 03/01/2024
zalo-example-extend = giahan 123 31/01/2024 chờ ý kiến Sở Tài chính

## Web console (src/web).
web-brand = Nhắc việc
web-skip-to-content = Bỏ qua, đến nội dung chính
web-nav = Điều hướng
web-nav-dashboard = Tổng quan
web-nav-my-unit = Đơn vị của tôi
web-nav-exports = Báo cáo và lịch
web-anonymous = Người dùng
web-role-coordinator = cán bộ điều phối
web-role-leader = lãnh đạo
web-role-head = lãnh đạo đơn vị
web-role-focal = cán bộ đầu mối
web-sign-out = Đăng xuất
web-sign-out-everywhere = Đăng xuất mọi nơi
web-sign-in-title = Đăng nhập
web-sign-in-explain = Bấm nút dưới đây để đăng nhập trang quản lý Nhắc việc. Đường dẫn chỉ dùng được một lần và có hiệu lực 10 phút.
web-sign-in-button = Đăng nhập
web-how-to-sign-in = Cách đăng nhập
web-how-to-sign-in-text = Gửi lệnh /dangnhap cho bot Nhắc việc trên Telegram để nhận đường dẫn đăng nhập (dùng một lần, hiệu lực 10 phút). Lần đầu cài đặt, quản trị viên tạo đường dẫn bằng lệnh: npx nhacviec web link --unit <mã đơn vị> --role coordinator
web-signed-out-text = Phiên đăng nhập đã hết hoặc chưa đăng nhập.
web-csrf-refused = Yêu cầu bị từ chối: biểu mẫu thiếu mã bảo vệ (CSRF) hoặc mã không đúng. Hãy tải lại trang rồi thử lại.
web-too-many-attempts = Quá nhiều lần đăng nhập từ địa chỉ này. Vui lòng thử lại sau { $minutes } phút.
web-link-used = Đường dẫn đăng nhập này đã được dùng. Mỗi đường dẫn chỉ dùng được một lần: hãy gửi /dangnhap cho bot để nhận đường dẫn mới.
web-link-expired = Đường dẫn đăng nhập đã hết hạn (hiệu lực 10 phút). Hãy gửi /dangnhap cho bot để nhận đường dẫn mới.
web-link-unknown = Đường dẫn đăng nhập không hợp lệ. Hãy gửi /dangnhap cho bot để nhận đường dẫn mới.
web-link-malformed = Đường dẫn đăng nhập không đúng định dạng. Hãy sao chép đầy đủ đường dẫn hoặc gửi /dangnhap cho bot để nhận đường dẫn mới.
web-forbidden-title = Không có quyền truy cập
web-forbidden-unit = Anh/chị chỉ xem được số liệu của đơn vị mình.
web-forbidden-item = Nhiệm vụ này thuộc đơn vị khác: anh/chị chỉ xem được nhiệm vụ của đơn vị mình.
web-not-found-title = Không tìm thấy
web-not-found = Không tìm thấy trang hoặc mục này.
web-dashboard-title = Tình hình thực hiện kế hoạch
web-as-of = Số liệu đến ngày { $date }
web-no-published-plan = Chưa có kế hoạch nào được ban hành. Cán bộ điều phối nhập và ban hành kế hoạch trước.
web-plan = Kế hoạch
web-period = Thời kỳ
web-period-plan = Cả kế hoạch
web-period-year = Năm đầu
web-period-q1 = Quý I
web-period-q2 = Quý II
web-period-q3 = Quý III
web-period-q4 = Quý IV
web-group = Nhóm đơn vị
web-all-units = Tất cả đơn vị
web-apply = Xem
web-figures = Số liệu chung
web-on-time-share = hoàn thành đúng hạn (trên số đã hoàn thành hoặc quá hạn)
web-status = Trạng thái
web-status-done = Hoàn thành đúng hạn
web-status-done_late = Hoàn thành quá hạn
web-status-overdue = Quá hạn
web-status-due_soon = Sắp đến hạn (trong 3 ngày làm việc)
web-status-on_track = Đang thực hiện trong hạn
web-status-short-done = Đúng hạn
web-status-short-done_late = Trễ hạn
web-status-short-overdue = Quá hạn
web-status-short-due_soon = Sắp đến hạn
web-status-short-on_track = Trong hạn
web-units = Các đơn vị
web-units-page = Trang { $page }/{ $pages } ({ $count } đơn vị)
web-units-prev = Trang trước
web-units-next = Trang sau
web-unit = Đơn vị
web-no-items = Không có nhiệm vụ nào trong thời kỳ này.
web-worst-overdue = Quá hạn lâu nhất
web-none-overdue = Không có nhiệm vụ quá hạn.
web-due = hạn
web-trend = Theo tháng
web-month = Tháng
web-due-items = Đến hạn
web-assignment-lead = chủ trì
web-assignment-support = phối hợp
web-occurrence = Kỳ
web-deadline-text = Thời hạn trong kế hoạch
web-state = Tình trạng
web-state-waiting = Chờ sự kiện hoặc ngày
web-state-open = Đang thực hiện
web-state-overdue = Quá hạn
web-state-extended = Đã gia hạn
web-state-pending_approval = Chờ duyệt hoàn thành
web-state-done = Đã hoàn thành
web-state-waived = Không thực hiện
web-done-at = Hoàn thành lúc
web-evidence = Văn bản kết quả
web-other-units = Các đơn vị khác cùng nhiệm vụ
web-reminders = Các lần nhắc
web-no-reminders = Chưa có lần nhắc nào.
web-reminder-kind = Loại
web-reminder-step = Bước
web-reminder-planned = Dự kiến
web-reminder-status = Trạng thái
web-reminder-sent = Đã gửi
web-possible-duplicate = có thể trùng
web-extensions = Gia hạn
web-notes = Ghi chú tiến độ

## Web console: exports (/exports)
web-exports-title = Báo cáo và lịch
web-exports-report = Phụ lục báo cáo kết quả thực hiện kế hoạch
web-exports-report-hint = Tải phụ lục (khổ A4 ngang, Times New Roman 13) theo mẫu báo cáo CCHC quý, năm. Để trống ngày để lấy số liệu đến hôm nay.
web-exports-unit = Cơ quan chủ trì
web-exports-whole-plan = Toàn bộ kế hoạch
web-exports-own-unit = Số liệu của đơn vị: { $unit }
web-exports-as-of = Số liệu đến ngày
web-exports-download-xlsx = Tải Excel (.xlsx)
web-exports-download-docx = Tải Word (.docx)
web-exports-bad-request = Yêu cầu tải báo cáo không hợp lệ. Hãy chọn lại kế hoạch và định dạng.
web-exports-back = Quay lại trang báo cáo
web-exports-feeds = Lịch riêng (ICS)
web-exports-feeds-hint = Thêm vào Google Calendar, Outlook hoặc Lịch iPhone bằng "Thêm lịch từ URL". Ai có liên kết đều xem được: hãy giữ riêng tư. Liên kết chỉ hiện một lần khi tạo.
web-exports-feed-unit = Lịch của đơn vị: { $unit }
web-exports-feed-person = Lịch của tôi (mọi đơn vị tôi là thành viên)
web-exports-feed-none = Chưa có liên kết lịch.
web-exports-feed-exists = Đã có liên kết lịch (tạo ngày { $date }). Liên kết cũ không hiển thị lại được; tạo liên kết mới thì liên kết cũ ngừng hoạt động.
web-exports-feed-create = Tạo liên kết lịch
web-exports-feed-rotate = Tạo liên kết mới (liên kết cũ ngừng hoạt động)
web-exports-feed-issued = Đã tạo liên kết lịch. Hãy sao chép ngay: liên kết chỉ hiện lần này.
web-exports-feed-address = Địa chỉ lịch
web-exports-feed-subscribe = Mở bằng ứng dụng lịch
web-exports-feed-forbidden = Phiên đăng nhập này không gắn với một người nên không có lịch riêng.
web-exports-holidays = Lịch ngày nghỉ lễ và ngày làm bù (công khai)
bot-web-login =
    🔐 Đường dẫn đăng nhập trang quản lý (dùng một lần, hiệu lực { $minutes } phút):
    { $url }
bot-web-login-not-member = Anh/chị chưa là thành viên của đơn vị nào nên chưa đăng nhập được trang quản lý. Hãy dùng đường dẫn mời do cán bộ điều phối cấp.
bot-web-login-private = Vì an toàn, hãy gửi /dangnhap trong cuộc trò chuyện riêng với bot.
bot-web-disabled = Trang quản lý chưa được bật trên máy chủ này.

## Web console pages (src/web/*-page.tsx: approvals, items, units, events, calendar, simulation).
webp-error-summary = Có vấn đề cần sửa
webp-bad-request-title = Yêu cầu không hợp lệ
webp-bad-request = Biểu mẫu thiếu thông tin hoặc sai dạng.
webp-when = Thời điểm
webp-by = Người thực hiện
webp-item = Nhiệm vụ
webp-what = Việc
webp-outcome = Kết quả
webp-details = Chi tiết
webp-nav-approvals = Phê duyệt
webp-nav-units = Đơn vị
webp-nav-events = Sự kiện
webp-nav-calendar = Lịch
webp-approvals-title = Phê duyệt gia hạn và hoàn thành
webp-pending-extensions = Đề nghị gia hạn đang chờ ({ $count })
webp-pending-completions = Báo cáo hoàn thành chờ duyệt ({ $count })
webp-nothing-pending = Không có gì đang chờ.
webp-current-due = Hạn hiện tại
webp-proposed-date = Ngày đề xuất
webp-reason = Lý do
webp-requested-by = Người đề nghị
webp-approve = Đồng ý
webp-reject = Từ chối
webp-counter = Đề xuất ngày khác
webp-counter-date = Hoặc ngày khác
webp-history = Lịch sử quyết định
webp-no-history = Chưa có quyết định nào.
webp-decision = Quyết định
webp-decide-needs-person = Để phê duyệt, hãy đăng nhập bằng liên kết nhận từ bot (/dangnhap): quyết định ghi tên người quyết định.
webp-decide-forbidden = Chỉ điều phối viên và lãnh đạo của tỉnh được phê duyệt.
webp-not-pending-title = Đã được xử lý
webp-not-pending = Đề nghị này không còn chờ quyết định (đã có người xử lý).
webp-done-item-approve = Đã duyệt báo cáo hoàn thành.
webp-done-item-reject = Đã từ chối báo cáo hoàn thành; nhiệm vụ tiếp tục được nhắc.
webp-done-extension-approve = Đã đồng ý gia hạn; hạn mới đã được áp dụng.
webp-done-extension-reject = Đã từ chối gia hạn.
webp-done-extension-counter = Đã đặt hạn mới theo ngày bạn đề xuất.
webp-action-item-approve = Duyệt hoàn thành
webp-action-item-reject = Từ chối hoàn thành
webp-action-extension-approve = Đồng ý gia hạn
webp-action-extension-reject = Từ chối gia hạn
webp-action-extension-counter = Đề xuất ngày khác
webp-evidence-files = Tệp minh chứng
webp-no-evidence-files = Chưa có tệp minh chứng.
webp-file-stored = đã lưu
webp-file-pending = đang tải về
webp-file-too_large = quá lớn để tải về
webp-file-failed = không tải được
webp-audit-trail = Nhật ký thao tác
webp-no-audit = Chưa có thao tác nào.
webp-outcome-ok = thành công
webp-outcome-refused = bị từ chối
webp-outcome-error = lỗi
webp-audit-item-done-start = Bấm ✅ Hoàn thành
webp-audit-item-done = Báo cáo hoàn thành
webp-audit-item-approve = Duyệt hoàn thành
webp-audit-item-reject = Từ chối hoàn thành
webp-audit-item-progress-start = Bấm 🔄 Đang thực hiện
webp-audit-item-progress = Ghi tiến độ
webp-audit-item-detail = Xem chi tiết
webp-audit-extension-start = Bấm ⏳ Xin gia hạn
webp-audit-extension-request = Đề nghị gia hạn
webp-audit-extension-approve = Đồng ý gia hạn
webp-audit-extension-reject = Từ chối gia hạn
webp-audit-extension-counter = Đề xuất ngày khác
webp-audit-approval-notice = Báo kết quả cho đơn vị
webp-ext-pending = đang chờ
webp-ext-approved = đã đồng ý
webp-ext-rejected = đã từ chối
webp-ext-countered = đã đề xuất ngày khác
webp-ext-withdrawn = đã rút
webp-units-title = Danh mục đơn vị
webp-units-found = { $count } đơn vị
webp-page-of = Trang { $page }/{ $pages }
webp-no-units = Không có đơn vị nào khớp.
webp-kind-province = cấp tỉnh
webp-kind-department = sở, ban, ngành
webp-kind-district = cấp huyện
webp-kind-commune = cấp xã
webp-kind-other = khác
webp-aliases = Tên gọi khác
webp-groups = Nhóm đơn vị
webp-group = Nhóm
webp-group-members = Số đơn vị
webp-covered = Có người nhận nhắc
webp-not-covered = Chưa có ai nhận nhắc
webp-open-items = { $count } mục đang theo dõi
webp-group-chat = có nhóm Telegram
webp-unreachable = không liên lạc được
webp-no-members = Chưa có ai tham gia.
webp-invite-role = Mời với vai trò
webp-invite-group = gắn nhóm Telegram
webp-invite-create = Tạo đường dẫn mời
webp-uncovered = { $count } đơn vị còn việc mà chưa có ai nhận nhắc.
webp-show-them = Xem các đơn vị này
webp-search-units = Tìm theo tên, tên gọi khác hoặc mã
webp-kind = Cấp
webp-all-kinds = Tất cả
webp-only-uncovered = Chỉ đơn vị chưa có ai nhận nhắc
webp-search = Tìm
webp-pages = Các trang
webp-prev = Trang trước
webp-next = Trang sau
webp-invite-title = Đường dẫn mời
webp-invite-title-group = Đường dẫn gắn nhóm Telegram
webp-invite-scan = Quét mã bằng điện thoại để mở bot và tham gia.
webp-invite-no-bot = Chưa biết tên bot (TELEGRAM_BOT_TOKEN chưa được đặt): người được mời gửi cho bot lệnh { $command }
webp-invite-expires = Dùng một lần, hết hạn lúc { $at }.
webp-invite-print = In trang này (Ctrl+P) để phát cho người được mời; đường dẫn chỉ hiện một lần.
webp-back-to-units = Quay lại danh mục đơn vị
webp-invite-forbidden = Chỉ cán bộ điều phối tạo được đường dẫn mời.
## Channels: e-mail, one-tap links, people's channels (issue #15; src/mail, src/web/one-tap.tsx, src/web/people.tsx).
mail-link-done = ✅ Hoàn thành
mail-link-extend = ⏳ Xin gia hạn
mail-link-details = 📄 Chi tiết
mail-footer-reminder = Thư nhắc việc tự động của hệ thống Nhắc việc CCHC. Đây là nhiệm vụ của đơn vị, không thể hủy nhận.
mail-footer-digest = Bản tin tổng hợp tự động của hệ thống Nhắc việc CCHC. Có thể hủy nhận bản tin bằng nút “Hủy đăng ký” của hộp thư.
mail-chart-alt = Biểu đồ tiến độ
mail-subject-reminder = [Nhắc việc] Nhiệm vụ { $task } — hạn { $due } — { $unit }
mail-subject-escalation = [Nhắc việc — quá hạn] Nhiệm vụ { $task } — hạn { $due } — { $unit }
mail-subject-late = [Nhắc việc] { $count } nhiệm vụ bị nhắc muộn
mail-subject-digest = [Nhắc việc] Bản tin tổng hợp
mail-subject-notice = [Nhắc việc] Thông báo
mail-subject-duplicate = (có thể trùng)
notify-test-text = 🔔 Tin thử của hệ thống Nhắc việc: kênh { $channel } hoạt động. Không cần trả lời.
web-channel-telegram = Telegram
web-channel-zalo = Zalo
web-channel-email = Thư điện tử
web-onetap-invalid-title = Liên kết không dùng được
web-onetap-invalid-malformed = Liên kết không đúng dạng. Hãy mở lại từ thư nhắc việc.
web-onetap-invalid-forged = Liên kết không hợp lệ (chữ ký sai).
web-onetap-invalid-expired = Liên kết đã hết hạn. Hãy dùng liên kết trong thư nhắc việc mới nhất.
web-onetap-invalid-no_person = Cán bộ của liên kết này không còn hoạt động.
web-onetap-item = Nhiệm vụ { $task }: { $title }
web-onetap-unit-due = Đơn vị: { $unit } · Hạn: { $due }
web-onetap-state = Trạng thái: { $state }
web-onetap-acknowledged = Đã ghi nhận anh/chị đã đọc lời nhắc.
web-onetap-evidence-label = Số và ngày văn bản chứng minh (ví dụ: 15/QĐ-SNV 03/01/2024)
web-onetap-done-submit = ✅ Báo cáo hoàn thành
web-onetap-extend-date = Hạn mới đề nghị (ngày/tháng/năm)
web-onetap-extend-reason = Lý do
web-onetap-extend-submit = ⏳ Gửi đề nghị gia hạn
web-onetap-completed = Đã ghi nhận hoàn thành. Các lời nhắc tiếp theo của nhiệm vụ này dừng lại.
web-onetap-pending-approval = Đã ghi nhận, chờ cán bộ điều phối duyệt. Các lời nhắc tiếp theo dừng lại.
web-onetap-evidence-missing = Cần số văn bản (ví dụ 15/QĐ-SNV) để báo cáo hoàn thành.
web-onetap-not-actionable = Nhiệm vụ này không còn cần báo cáo (trạng thái: { $state }).
web-onetap-refused = Liên kết này không cho phép thao tác với nhiệm vụ này.
web-onetap-extension-requested = Đã gửi đề nghị gia hạn đến { $date }; cán bộ điều phối sẽ trả lời.
web-onetap-extension-failed = Chưa gửi được đề nghị gia hạn ({ $reason }). Hãy kiểm tra ngày và lý do.
web-error-summary = Có lỗi cần sửa
web-person-title = Cán bộ: { $name }
web-person-units = Đơn vị và vai trò
web-person-channels = Kênh nhận nhắc việc (theo thứ tự ưu tiên)
web-person-channel-ok = dùng được
web-person-channel-unusable = không liên lạc được ({ $reason })
web-person-last-ok = gửi được gần nhất: { $at }
web-person-no-channels = Chưa có kênh nào.
web-person-add-email = Thêm địa chỉ thư điện tử
web-person-email-label = Địa chỉ thư điện tử công vụ
web-person-add-submit = Thêm
web-person-added = Đã thêm địa chỉ { $address }.
web-person-reactivated = Đã dùng lại địa chỉ { $address }.
web-person-invalid-email = Địa chỉ thư điện tử không hợp lệ.
web-person-forbidden = Chỉ cán bộ điều phối (hoặc lãnh đạo) của tỉnh mới thêm được kênh liên lạc cho cán bộ.
web-person-mail-not-configured = Máy chủ thư chưa được cấu hình (SMTP_URL): địa chỉ được lưu nhưng chưa gửi được thư.
web-person-zalo-invite = Mời dùng Zalo
web-person-zalo-invite-explain = Tạo mã mời dùng một lần để cán bộ này nhận nhắc việc qua Zalo.
web-person-zalo-invite-submit = Tạo mã mời Zalo
web-person-zalo-not-configured = Kênh Zalo chưa được cấu hình (ZALO_BOT_TOKEN): mã mời chỉ dùng được khi bot Zalo hoạt động.
web-person-zalo-invite-title = Mã mời Zalo cho { $name }
web-person-zalo-invite-steps = Hướng dẫn cho cán bộ: mở Zalo, tìm bot Nhắc việc của cơ quan, rồi gửi cho bot một tin nhắn chỉ gồm mã dưới đây (hoặc quét mã QR để sao chép mã). Bot sẽ trả lời xác nhận và từ đó gửi nhắc việc qua Zalo.
web-person-zalo-invite-code = Mã mời
web-person-zalo-invite-qr = Mã QR chứa mã mời
web-person-zalo-invite-expires = Mã dùng một lần, cho { $unit }, hết hạn lúc { $at }. Trang này không lưu lại mã: hãy gửi hoặc in ngay.
web-person-back = Quay lại trang cán bộ
## Web console: plans (src/web/plans.tsx).
web-nav-plans = Kế hoạch
web-forbidden-plans = Chỉ cán bộ điều phối và lãnh đạo xem được kế hoạch; chỉ cán bộ điều phối nhập, sửa và ban hành.
web-plans-title = Kế hoạch
web-plans-list = Các kế hoạch đã nhập
web-plans-none = Chưa có kế hoạch nào. Hãy tải lên tệp kế hoạch.
web-plans-upload-title = Tải lên kế hoạch
web-plans-file = Tệp kế hoạch
web-plans-file-hint = Tệp .docx, .xlsx, .pdf, .txt hoặc .csv của kế hoạch CCHC (bảng các nhiệm vụ).
web-plans-year = Năm của kế hoạch (để trống: theo văn bản)
web-plans-apply-amendment = Áp dụng bản sửa đổi nếu kế hoạch này đã có
web-plans-upload = Tải lên và đọc
web-plans-upload-progress = Tiến độ tải lên
web-plans-reading = Đang tải lên và đọc tệp…
web-plans-review-link = Xem lại từng nhiệm vụ
web-plans-error-title = Có lỗi cần xử lý
web-plan-status-draft = Bản nháp
web-plan-status-published = Đã ban hành
web-plan-status-archived = Đã lưu trữ
web-upload-no-file = Chưa chọn tệp kế hoạch (hoặc tệp rỗng).
web-upload-bad-type = Tệp "{ $name }" không đúng loại: chỉ nhận { $types }. Chưa có gì được ghi.
web-upload-bad-year = Năm "{ $year }" không hợp lệ (cần 4 chữ số).
web-upload-refused = Không nhập được tệp: { $reason } Chưa có gì được ghi.
web-import-created = Đã lưu bản nháp.
web-import-unchanged = Tệp này đã được nhập trước đây: không có gì thay đổi.
web-import-amendment-pending = Đây là bản sửa đổi của kế hoạch đã có: xem các thay đổi dưới đây; chưa có gì được ghi.
web-import-amended = Đã áp dụng bản sửa đổi.
web-import-amendment-refused = Bản sửa đổi còn lỗi nên chưa áp dụng vào kế hoạch đã ban hành.
web-import-dry-run = Chỉ đọc thử, chưa ghi gì.
web-import-summary = { $tasks } nhiệm vụ, { $proposals } đề xuất từ phần văn bản; { $errors } lỗi, { $warnings } cảnh báo.
web-diff-title = Thay đổi so với bản đã lưu
web-diff-counts = Thêm { $added }, bỏ { $removed }, sửa { $changed }, giữ nguyên { $unchanged }.
web-diff-apply-hint = Để áp dụng, tải lại tệp này và đánh dấu "Áp dụng bản sửa đổi".
web-amend-title = Các lần sửa đổi kế hoạch
web-amend-head = Sửa đổi lúc { $at } ({ $file })
web-amend-published = Áp dụng cho kế hoạch đã ban hành: các hạn công việc đã đi theo.
web-amend-draft = Áp dụng cho bản nháp.
web-amend-counts = Thêm { $added }, bỏ { $removed }, sửa { $changed } nhiệm vụ.
web-amend-unchanged = Giữ nguyên { $n } nhiệm vụ.
web-amend-added = Thêm
web-amend-removed = Bỏ
web-amend-changed = Sửa
web-amend-was = trước là { $previous }
web-amend-keys-only = Bản ghi cũ: chỉ lưu số hiệu nhiệm vụ, không lưu nội dung thay đổi.
web-amend-items = Hạn công việc: { $created } hạn mới, { $redated } hạn đổi ngày, { $rewaited } hạn đổi sự kiện chờ, { $waived } hạn được miễn, { $kept } hạn giữ ngày đã gia hạn.
web-amend-moves = Ngày hạn đã dời
web-amend-move = { $from } → { $to } ({ $items } hạn)
web-amend-no-date = chưa có ngày
web-amend-field-content = nội dung
web-amend-field-output = sản phẩm
web-amend-field-lead-text = cơ quan chủ trì
web-amend-field-support-text = cơ quan phối hợp
web-amend-field-lead-units = đơn vị chủ trì
web-amend-field-support-units = đơn vị phối hợp
web-amend-field-deadline = thời hạn
web-amend-field-budget = kinh phí
web-review-summary = Thời kỳ { $period } · { $tasks } nhiệm vụ của bảng, { $proposals } đề xuất; sẽ ban hành { $publishable }; { $withdrawn } đã bỏ (bản sửa đổi).
web-review-pending = Còn { $n } việc chờ quyết định
web-review-nothing-pending = Không còn việc nào chờ quyết định.
web-review-tasks = Các nhiệm vụ ({ $n })
web-review-legend-read = phần máy đọc được
web-review-legend-unread = phần máy chưa đọc được
web-review-deadline-cell = Ô thời hạn
web-review-no-deadline = (không ghi thời hạn)
web-review-reading = Máy hiểu
web-review-defaults = Mặc định
web-review-first-due = Hạn đầu tiên
web-review-occurrences = ({ $n } kỳ)
web-review-lead = Chủ trì
web-review-support = Phối hợp
web-review-none = chưa có đơn vị
web-review-chosen = điều phối viên chọn
web-review-and-more = và { $n } đơn vị khác
web-review-unresolved = Chưa xác định được
web-mention-vague = không chỉ rõ đơn vị nào
web-mention-unknown = không có trong danh mục
web-mention-not-in-force = đơn vị không còn tồn tại trong thời kỳ này
web-task-status-proposal-pending = Đề xuất từ phần văn bản: chưa quyết định
web-task-status-proposal-accepted = Đề xuất: đã nhận
web-task-status-proposal-rejected = Đề xuất: đã bỏ
web-task-status-withdrawn = Đã bỏ khỏi kế hoạch (bản sửa đổi)
web-review-accept = Nhận
web-review-reject = Bỏ
web-review-accept-all = Nhận mọi đề xuất
web-review-reject-all = Bỏ mọi đề xuất
web-review-readings = Thời hạn này có nhiều cách hiểu: chọn một
web-review-choose = Chọn cách hiểu này
web-review-choose-clear = Bỏ lựa chọn (chờ quyết định lại)
web-review-set-date = Ngày hạn (nhiệm vụ theo yêu cầu)
web-review-set-date-button = Đặt ngày
web-review-change-units = Đổi đơn vị
web-review-pick-unit = — Chọn đơn vị —
web-review-suggestions = Gợi ý
web-review-for = thay cho "{ $text }"
web-review-all-units = Danh mục đơn vị
web-review-assign = Giao cho đơn vị đã chọn
web-review-assign-clear = Trở lại đơn vị theo văn bản
web-done-assign = Đã phân công lại nhiệm vụ { $task }.
web-done-proposals = Đã ghi quyết định về đề xuất { $task }.
web-done-choose = Đã chọn cách hiểu thời hạn của nhiệm vụ { $task }.
web-done-set-date = Đã đặt ngày cho nhiệm vụ { $task }.
web-publish-check = Kiểm tra và ban hành
web-publish-again = Ban hành lại (chỉ thêm phần còn thiếu)
web-publish-title = Kiểm tra trước khi ban hành
web-publish-tasks = Nhiệm vụ sẽ ban hành
web-publish-proposals = Đề xuất từ phần văn bản
web-publish-blocking = Vấn đề còn tồn tại
web-publish-warning = Ban hành sẽ tạo hạn cho từng đơn vị và bắt đầu nhắc việc qua Telegram. Không thể hoàn tác.
web-publish-accept-problems = Vẫn ban hành dù còn vấn đề (được ghi vào nhật ký)
web-publish-include-proposals = Ban hành cả các đề xuất chưa bị bỏ
web-publish-button = Ban hành kế hoạch
web-publish-busy = Đang ban hành… có thể mất vài giây.
web-publish-refused = Chưa ban hành: còn { $n } vấn đề. Sửa các vấn đề hoặc đánh dấu "Vẫn ban hành".
web-publish-done = Đã ban hành: { $tasks } nhiệm vụ, { $items } hạn (mới { $created }; có ngày { $dated }, chờ { $waiting }).
web-publish-unassigned = Nhiệm vụ chưa có đơn vị nào: { $tasks }.
web-publish-see-items = Xem tình hình thực hiện
web-unsubscribe-title = Hủy nhận bản tin tổng hợp
web-unsubscribe-explain = Bản tin tổng hợp sẽ không gửi đến địa chỉ thư của anh/chị nữa. Thư nhắc nhiệm vụ của đơn vị vẫn được gửi.
web-unsubscribe-button = Hủy nhận bản tin
web-unsubscribe-done = Đã hủy nhận bản tin tổng hợp qua thư điện tử. Thư nhắc nhiệm vụ vẫn được gửi.
webp-events-title = Sự kiện làm mốc thời hạn
webp-no-event-types = Chưa có nhiệm vụ nào tính hạn theo sự kiện.
webp-event-type = Loại sự kiện
webp-event-waiting = { $items } mục chờ, { $tasks } nhiệm vụ
webp-event-date = Ngày diễn ra
webp-event-date-hint = (ví dụ 15/3/2024)
webp-event-reference = Số hiệu văn bản
webp-event-preview = Xem trước các mục sẽ được tính hạn
webp-events-read-only = Chỉ cán bộ điều phối ghi nhận sự kiện; bạn có thể xem.
webp-event-types = Các loại sự kiện
webp-event-tasks = Nhiệm vụ
webp-event-items-waiting = Mục đang chờ
webp-events-recorded = Sự kiện đã ghi nhận
webp-no-events = Chưa ghi nhận sự kiện nào.
webp-event-check = Kiểm tra trước khi ghi nhận
webp-event-will-date = Sự kiện này sẽ tính hạn cho { $items } mục ({ $waiting } mục đang chờ loại sự kiện này).
webp-new-due = Hạn mới
webp-units-affected = Đơn vị
webp-event-repeated = lần mới
webp-event-confirm = Ghi nhận sự kiện
webp-event-change = Sửa lại
webp-events-forbidden = Chỉ cán bộ điều phối ghi nhận sự kiện; lãnh đạo xem được.
webp-event-duplicate = Sự kiện này (cùng loại, cùng ngày) đã được ghi nhận trước đó: không có gì thay đổi.
webp-event-recorded = Đã ghi nhận sự kiện: { $dated } mục được tính hạn, { $created } mục mới.
webp-event-unknown-type = Chọn một loại sự kiện trong danh sách.
webp-event-date-missing = Nhập ngày diễn ra sự kiện.
webp-calendar-title = Lịch hạn
webp-month-name = tháng { $month }/{ $year }
webp-calendar-months = Chuyển tháng
webp-prev-month = Tháng trước
webp-next-month = Tháng sau
webp-this-month = Tháng này
webp-calendar-legend = Mỗi ô: số hiệu nhiệm vụ đến hạn (đã xong/số đơn vị). Ngày nghỉ lễ và ngày làm bù được ghi rõ.
webp-dow-1 = Thứ Hai
webp-dow-2 = Thứ Ba
webp-dow-3 = Thứ Tư
webp-dow-4 = Thứ Năm
webp-dow-5 = Thứ Sáu
webp-dow-6 = Thứ Bảy
webp-dow-7 = Chủ nhật
webp-today = hôm nay
webp-holiday = Nghỉ lễ
webp-makeup-day = Làm bù
webp-more = và { $count } nhiệm vụ khác

## Web console: a plan's year preview (src/web/simulate-page.tsx).
webs-link = Xem trước một năm nhắc việc (mô phỏng)
webs-title = Mô phỏng nhắc việc
webs-explain = Chạy thử toàn bộ việc nhắc, nhắc lại, báo cáo vượt cấp và bản tổng hợp của kế hoạch trong khoảng thời gian đã chọn, trên đồng hồ ảo. Không gửi tin nào và không thay đổi dữ liệu.
webs-draft-note = Kế hoạch đang là bản nháp: máy chủ công bố thử trong một bản sao tạm thời rồi mô phỏng; kế hoạch thật không đổi.
webs-from = Từ ngày
webs-to = Đến ngày
webs-rate = Tỷ lệ hoàn thành giả định (%)
webs-run = Chạy mô phỏng
webs-run-again = Chạy lại mô phỏng
webs-join = Đang chạy — theo dõi tiến độ
webs-none-yet = Chưa chạy mô phỏng nào cho kế hoạch này.
webs-queued = Đang chờ đến lượt (máy chủ mô phỏng từng kế hoạch một)…
webs-running = Đang mô phỏng ngày { $day }: { $done }/{ $total } ngày ({ $percent } %).
webs-progress = Tiến độ mô phỏng
webs-running-explain = Có thể rời trang này; kết quả được giữ lại khi mô phỏng xong.
webs-reload = Tải lại trang
webs-failed-title = Mô phỏng không thành công
webs-failed-generic = Đã xảy ra lỗi trên máy chủ khi mô phỏng (đã ghi vào nhật ký). Hãy thử lại; nếu vẫn lỗi, báo cho quản trị hệ thống.
webs-failed-kept = Kết quả của lần mô phỏng trước vẫn được giữ bên dưới.
webs-outdated = Kế hoạch đã thay đổi sau lần mô phỏng này: hãy chạy lại để có số liệu mới.
webs-result-title = Kết quả từ { $from } đến { $to }
webs-result-when = Mô phỏng lúc { $at }; tỷ lệ hoàn thành giả định { $rate } %.
webs-figures = Số liệu tổng
webs-due-items = Hạn phải thực hiện
webs-completed = Hoàn thành
webs-messages = Tin sẽ gửi
webs-digests = Bản tổng hợp
webs-series-reminders = Nhắc việc
webs-series-escalations = Báo cáo vượt cấp
webs-series-overdue = Nhiệm vụ quá hạn
webs-chart-title = Nhắc việc, báo cáo vượt cấp và nhiệm vụ quá hạn theo tháng
webs-chart-max = cao nhất { $n }
webs-by-month = Theo tháng
webs-all-messages = Tổng số tin
webs-by-unit = Các đơn vị nhận nhiều báo cáo vượt cấp nhất ({ $shown } trong { $count } đơn vị)
webs-download-title = Tải về
webs-download-explain = Toàn bộ { $n } tin của lần mô phỏng này, như lệnh nhacviec simulate --json in ra.
webs-download-csv = Tải tệp CSV (mở bằng Excel)
webs-download-jsonl = Tải tệp JSONL (mỗi dòng một tin)
webs-no-download = Chưa có kết quả mô phỏng nào để tải về. Hãy chạy mô phỏng trước.
webs-invalid-from = Ngày bắt đầu không hợp lệ (ngày/tháng/năm).
webs-invalid-to = Ngày kết thúc không hợp lệ hoặc trước ngày bắt đầu.
webs-invalid-too-long = Khoảng thời gian quá dài: tối đa 5 năm.
webs-invalid-rate = Tỷ lệ hoàn thành phải là số nguyên từ 0 đến 100.
