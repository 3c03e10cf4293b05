<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="vi">
<context>
    <name>AddEnterpriseDialog</name>
    <message>
        <source>Thêm doanh nghiệp</source>
        <translation>Add an enterprise</translation>
    </message>
    <message>
        <source>Mã số thuế</source>
        <translation>Tax code</translation>
    </message>
    <message>
        <source>Tên doanh nghiệp</source>
        <translation>Enterprise name</translation>
    </message>
    <message>
        <source>để trống: máy chủ thử nghiệm trong máy</source>
        <translation>leave empty: the built-in demo server</translation>
    </message>
    <message>
        <source>Địa chỉ máy chủ</source>
        <translation>Server address</translation>
    </message>
    <message>
        <source>&amp;Mã số thuế:</source>
        <translation>&amp;Tax code:</translation>
    </message>
    <message>
        <source>Tê&amp;n doanh nghiệp:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>Máy &amp;chủ:</source>
        <translation>&amp;Server:</translation>
    </message>
    <message>
        <source>&amp;Thêm</source>
        <translation>&amp;Add</translation>
    </message>
    <message>
        <source>&amp;Hủy</source>
        <translation>&amp;Cancel</translation>
    </message>
</context>
<context>
    <name>BundleEnterprisesDialog</name>
    <message>
        <source>Gói hỗ trợ cho doanh nghiệp nào?</source>
        <translation>A support bundle for which enterprises?</translation>
    </message>
    <message>
        <source>Gói hỗ trợ chỉ chứa dữ liệu của các doanh nghiệp được đánh dấu; dữ liệu của các doanh nghiệp khác không có trong gói. Dấu cách để đánh dấu hoặc bỏ.</source>
        <translation>The support bundle holds the data of the ticked enterprises only; nothing of the other enterprises goes in. Space ticks or unticks.</translation>
    </message>
    <message>
        <source>Doanh nghiệp trong gói hỗ trợ</source>
        <translation>Enterprises in the support bundle</translation>
    </message>
</context>
<context>
    <name>BundleExporter</name>
    <message>
        <source>Đang xuất gói hỗ trợ…</source>
        <translation>Exporting the support bundle…</translation>
    </message>
    <message>
        <source>Xuất gói hỗ trợ</source>
        <translation>Export support bundle</translation>
    </message>
    <message>
        <source>Đã ghi gói hỗ trợ vào:
{path}

Gửi tệp này cho cán bộ hỗ trợ. Gói không chứa mật khẩu; số điện thoại đã được che.</source>
        <translation>The support bundle was written to:
{path}

Send this file to the support staff. It holds no password; phone numbers are masked.</translation>
    </message>
    <message>
        <source>Không ghi được gói hỗ trợ: {error}</source>
        <translation>Could not write the support bundle: {error}</translation>
    </message>
</context>
<context>
    <name>BundleView</name>
    <message>
        <source>(không rõ mã số thuế)</source>
        <translation>(tax code unknown)</translation>
    </message>
    <message>
        <source>Gói có {count} doanh nghiệp; chọn doanh nghiệp cần xem ở ô «Doanh nghiệp» (Ctrl+E).</source>
        <translation>The bundle holds {count} enterprises; choose the one to look at in the «Enterprise» box (Ctrl+E).</translation>
    </message>
    <message>
        <source>Gói hỗ trợ của doanh nghiệp {who}, tạo lúc {created}, phiên bản {version}. Chỉ xem: không có gì được gửi đi và không ghi gì vào dữ liệu của gói.</source>
        <translation>Support bundle of enterprise {who}, made {created}, version {version}. View only: nothing is sent and nothing is written into the bundle&apos;s data.</translation>
    </message>
    <message>
        <source>Hỗ t&amp;rợ</source>
        <extracomment>The replay&apos;s scenario given on the command line (``--scenario``); else the diagnosis&apos;s.</extracomment>
        <translation>Su&amp;pport</translation>
    </message>
    <message>
        <source>1. Diễn biến và chẩn đoán…</source>
        <translation>1. What happened and diagnosis…</translation>
    </message>
    <message>
        <source>2. Phát lại trên máy chủ thử nghiệm…</source>
        <translation>2. Replay on the test server…</translation>
    </message>
    <message>
        <source>3. Xuất thiết lập đã sửa cho người khai…</source>
        <translation>3. Export a corrected setting for the declarant…</translation>
    </message>
    <message>
        <source>Đang phát lại gói {name} trên máy chủ thử nghiệm trong máy này, kịch bản {scenario}: chỉ gửi tới máy chủ đó, không gửi tới hải quan. Dữ liệu của gói không bị ghi: phát lại dùng một bản sao riêng.</source>
        <translation>Replaying bundle {name} on the test server inside this computer, scenario {scenario}: sent to that server only, never to customs. The bundle&apos;s data is not written: the replay uses a copy of its own.</translation>
    </message>
    <message>
        <source>Mở gói hỗ trợ</source>
        <translation>Open support bundle</translation>
    </message>
    <message>
        <source>Gói hỗ trợ (*.zip)</source>
        <translation>Support bundle (*.zip)</translation>
    </message>
    <message>
        <source>{title} — gói hỗ trợ {name}</source>
        <extracomment>Set by bench/startup.py: print &quot;ready&quot; once the window is usable, then quit. In an opened bundle&apos;s throwaway profile, the folder of support&apos;s own log (not the bundle&apos;s). Set when a support bundle is open (``--open-bundle``).</extracomment>
        <translation>{title} — support bundle {name}</translation>
    </message>
</context>
<context>
    <name>ClientSession</name>
    <message>
        <source>3. Đăng nhập máy chủ hải quan…</source>
        <translation>3. Log in to the customs server…</translation>
    </message>
    <message>
        <source>4. Đăng xuất</source>
        <translation>4. Log out</translation>
    </message>
    <message>
        <source>4. Hộp thư đi (phiếu chưa gửi)…</source>
        <translation>4. Outbox (unsent sheets)…</translation>
    </message>
    <message>
        <source>5. Kết quả xử lý phản ánh…</source>
        <translation>5. Customs&apos; answers…</translation>
    </message>
    <message>
        <source>✉ {count} phản hồi mới</source>
        <translation>✉ {count} new answers</translation>
    </message>
    <message>
        <source>5. Kết quả xử lý phản ánh ({count} chưa đọc)…</source>
        <translation>5. Customs&apos; answers ({count} unread)…</translation>
    </message>
    <message>
        <source>Đang khởi động máy chủ thử nghiệm…</source>
        <translation>Starting the demo server…</translation>
    </message>
    <message>
        <source>Không khởi động được máy chủ thử nghiệm ({error}); xem nhật ký.</source>
        <translation>The demo server did not start ({error}); see the log.</translation>
    </message>
    <message>
        <source>Đang gửi phiếu: {done}/{total}</source>
        <translation>Sending sheets: {done}/{total}</translation>
    </message>
    <message>
        <source>Có {count} phản hồi mới từ Hải quan về phiếu đánh giá của bạn.</source>
        <translation>{count} new answers from customs about your rating sheets.</translation>
    </message>
    <message>
        <source>Có {count} phản hồi mới từ Hải quan cho {enterprise}.</source>
        <translation>{count} new answer(s) from customs for {enterprise}.</translation>
    </message>
    <message>
        <source>{count} phiếu bị từ chối: xem Hộp thư đi.</source>
        <translation>{count} sheets were rejected: see the Outbox.</translation>
    </message>
    <message>
        <source>{count} phiếu của {enterprise} bị từ chối: xem Hộp thư đi.</source>
        <translation>{count} sheet(s) of {enterprise} rejected: see the Outbox.</translation>
    </message>
</context>
<context>
    <name>ConfirmView</name>
    <message>
        <source>Kiểm tra lại nội dung dưới đây. Chọn Gửi để gửi phiếu đánh giá, hoặc Sửa để quay lại sửa.</source>
        <extracomment>A focused read-only line shows a ring like any other focused control.</extracomment>
        <translation>Check the sheet below. Choose Send to send the rating sheet, or Edit to go back and change it.</translation>
    </message>
    <message>
        <source>Loại phiếu: {stage}</source>
        <translation>Sheet: {stage}</translation>
    </message>
    <message>
        <source>Kết quả đánh giá</source>
        <translation>Ratings</translation>
    </message>
    <message>
        <source>Lý do: {reasons}</source>
        <translation>Reasons: {reasons}</translation>
    </message>
    <message>
        <source>Lý do: (không chọn)</source>
        <translation>Reasons: (none chosen)</translation>
    </message>
    <message>
        <source>Nội dung và người liên hệ</source>
        <translation>Content and contact person</translation>
    </message>
    <message>
        <source>Nội dung đánh giá, góp ý:</source>
        <translation>Comments:</translation>
    </message>
    <message>
        <source>(không có)</source>
        <translation>(none)</translation>
    </message>
    <message>
        <source>Họ và tên người liên hệ:</source>
        <translation>Contact person:</translation>
    </message>
    <message>
        <source>Số điện thoại:</source>
        <translation>Phone:</translation>
    </message>
</context>
<context>
    <name>Connection</name>
    <message>
        <source>Chưa kết nối</source>
        <extracomment>What the connection field can show: a pass&apos;s ``ConnectionState`` or a ``BarState``. state -&gt; (words to translate, colour), for every member of both enums (keyed by their strings, which the members are). A value outside them is shown as given.</extracomment>
        <translation>Not connected</translation>
    </message>
    <message>
        <source>Đã kết nối</source>
        <translation>Connected</translation>
    </message>
    <message>
        <source>Đang đồng bộ…</source>
        <translation>Syncing…</translation>
    </message>
    <message>
        <source>Mất kết nối</source>
        <translation>Offline</translation>
    </message>
    <message>
        <source>Máy chủ tạm chưa nhận</source>
        <translation>Server busy, retrying</translation>
    </message>
    <message>
        <source>Đăng nhập không thành công</source>
        <translation>Login failed</translation>
    </message>
    <message>
        <source>Chưa đăng nhập</source>
        <translation>Not logged in</translation>
    </message>
    <message>
        <source>Lỗi kết nối</source>
        <translation>Connection error</translation>
    </message>
    <message>
        <source>Lỗi trên máy tính này</source>
        <translation>Problem on this computer</translation>
    </message>
</context>
<context>
    <name>DeclarationHeader</name>
    <message>
        <source>Thông tin tờ khai</source>
        <translation>Declaration</translation>
    </message>
    <message>
        <source>Chưa phân luồng</source>
        <translation>No channel yet</translation>
    </message>
    <message>
        <source>Số tờ khai:</source>
        <translation>Declaration number:</translation>
    </message>
    <message>
        <source>Mã loại hình:</source>
        <translation>Type code:</translation>
    </message>
    <message>
        <source>Luồng:</source>
        <translation>Channel:</translation>
    </message>
    <message>
        <source>Trạng thái:</source>
        <translation>Status:</translation>
    </message>
    <message>
        <source>Ngày đăng ký:</source>
        <translation>Registered:</translation>
    </message>
    <message>
        <source>Chi cục hải quan:</source>
        <translation>Customs office:</translation>
    </message>
</context>
<context>
    <name>DeclarationTableModel</name>
    <message>
        <source>Số tờ khai</source>
        <extracomment>The declaration&apos;s database id, for callers that must find a row again after a reload. The declaration number (the business key). The raw rating state (&quot;unrated&quot;, ...). The DeclarationStatus value. Rows shown at once after a sort or filter; the rest of the id list follows from a worker. The complete id list is in place (after a sort, a filter or a refresh). Fresh counts per status and rating state (after the data changed). Loading the id list failed; the previous list stays.</extracomment>
        <translation>Declaration number</translation>
    </message>
    <message>
        <source>Loại hình</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Chi cục hải quan</source>
        <translation>Customs office</translation>
    </message>
    <message>
        <source>Luồng</source>
        <translation>Channel</translation>
    </message>
    <message>
        <source>Ngày đăng ký</source>
        <translation>Registered</translation>
    </message>
    <message>
        <source>Trạng thái</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Đánh giá</source>
        <translation>Rating</translation>
    </message>
    <message>
        <source>Chỉ đánh giá khi tờ khai đã giải phóng hàng, mang hàng về bảo quản hoặc thông quan.</source>
        <translation>A declaration can be rated once it is released, brought to storage or cleared.</translation>
    </message>
</context>
<context>
    <name>Dialogs</name>
    <message>
        <source>Đó&amp;ng</source>
        <extracomment>(key returned to the caller, button text shown)</extracomment>
        <translation>&amp;Close</translation>
    </message>
</context>
<context>
    <name>EnterpriseListDialog</name>
    <message>
        <source>Danh sách doanh nghiệp</source>
        <translation>Enterprises</translation>
    </message>
    <message>
        <source>Mã số thuế</source>
        <translation>Tax code</translation>
    </message>
    <message>
        <source>Tên doanh nghiệp</source>
        <translation>Enterprise name</translation>
    </message>
    <message>
        <source>Máy chủ</source>
        <translation>Server</translation>
    </message>
    <message>
        <source>Kết nối</source>
        <translation>Connection</translation>
    </message>
    <message>
        <source>Chờ gửi</source>
        <translation>Waiting</translation>
    </message>
    <message>
        <source>&amp;Thêm…</source>
        <translation>&amp;Add…</translation>
    </message>
    <message>
        <source>Đăng nhậ&amp;p…</source>
        <translation>&amp;Log in…</translation>
    </message>
    <message>
        <source>&amp;Làm việc cho doanh nghiệp này</source>
        <translation>&amp;Work for this enterprise</translation>
    </message>
    <message>
        <source>&amp;Xóa khỏi danh sách…</source>
        <translation>&amp;Remove from the list…</translation>
    </message>
    <message>
        <source>Đó&amp;ng</source>
        <translation>&amp;Close</translation>
    </message>
    <message>
        <source>máy chủ thử nghiệm trong máy</source>
        <translation>built-in demo server</translation>
    </message>
    <message>
        <source>Xóa {name} khỏi danh sách doanh nghiệp? Chương trình sẽ đăng xuất doanh nghiệp này và quên mật khẩu đã lưu.

Vẫn được giữ trong máy, không bị xóa: {declarations} tờ khai, {waiting} phiếu chưa gửi, {requests} yêu cầu hỗ trợ. Thêm lại mã số thuế này để xem và gửi tiếp.</source>
        <translation>Remove {name} from the list of enterprises? The program logs this enterprise out and forgets its saved password.

Kept on this computer, not deleted: {declarations} declaration(s), {waiting} unsent sheet(s), {requests} support request(s). Add this tax code again to see and send them.</translation>
    </message>
    <message>
        <source>Lưu ý: {waiting} phiếu chưa gửi sẽ không được gửi cho đến khi bạn thêm lại và đăng nhập doanh nghiệp này.</source>
        <translation>Note: {waiting} unsent sheet(s) will not be sent until you add this enterprise again and log in.</translation>
    </message>
    <message>
        <source>Xóa doanh nghiệp khỏi danh sách</source>
        <translation>Remove the enterprise from the list</translation>
    </message>
    <message>
        <source>&amp;Xóa khỏi danh sách</source>
        <translation>&amp;Remove from the list</translation>
    </message>
    <message>
        <source>&amp;Giữ lại</source>
        <translation>&amp;Keep it</translation>
    </message>
</context>
<context>
    <name>EnterpriseMenu</name>
    <message>
        <source>5. Chọn doanh nghiệp</source>
        <translation>5. Choose enterprise</translation>
    </message>
    <message>
        <source>6. Danh sách doanh nghiệp…</source>
        <translation>6. Enterprises…</translation>
    </message>
    <message>
        <source>7. Tất cả doanh nghiệp…</source>
        <translation>7. All enterprises…</translation>
    </message>
</context>
<context>
    <name>EnterpriseOverview</name>
    <message>
        <source>Tất cả doanh nghiệp</source>
        <translation>All enterprises</translation>
    </message>
    <message>
        <source>Chọn một dòng và bấm Enter để làm việc cho doanh nghiệp đó.</source>
        <translation>Choose a row and press Enter to work for that enterprise.</translation>
    </message>
    <message>
        <source>&amp;Mở doanh nghiệp</source>
        <translation>&amp;Open enterprise</translation>
    </message>
    <message>
        <source>Đó&amp;ng</source>
        <translation>&amp;Close</translation>
    </message>
</context>
<context>
    <name>EnterpriseSwitcher</name>
    <message>
        <source>Doanh nghiệp:</source>
        <extracomment>Ctrl+E with nothing to switch to: the list of enterprises, where &quot;Thêm…&quot; adds another, is what the user wants next (the session opens it).</extracomment>
        <translation>Enterprise:</translation>
    </message>
    <message>
        <source>Doanh nghiệp đang làm việc</source>
        <translation>Enterprise you work for</translation>
    </message>
    <message>
        <source>Chọn doanh nghiệp đang làm việc (Ctrl+E)</source>
        <translation>Choose the enterprise you work for (Ctrl+E)</translation>
    </message>
    <message>
        <source>Chọn doanh nghiệp đang làm việc</source>
        <translation>Choose the enterprise you work for</translation>
    </message>
    <message>
        <source>Chỉ có một doanh nghiệp; thêm doanh nghiệp khác ở Danh sách doanh nghiệp (Ctrl+Shift+L) → Thêm…</source>
        <translation>Only one enterprise; add another in Enterprises (Ctrl+Shift+L) → Add…</translation>
    </message>
</context>
<context>
    <name>FileDialogs</name>
    <message>
        <source>Chọn ảnh chụp màn hình</source>
        <translation>Choose a screenshot</translation>
    </message>
    <message>
        <source>Ảnh (*.png *.jpg *.jpeg)</source>
        <translation>Images (*.png *.jpg *.jpeg)</translation>
    </message>
    <message>
        <source>Xuất gói hỗ trợ</source>
        <translation>Export support bundle</translation>
    </message>
    <message>
        <source>Gói hỗ trợ (*.zip)</source>
        <translation>Support bundle (*.zip)</translation>
    </message>
</context>
<context>
    <name>GroupModel</name>
    <message>
        <source>Nhóm tờ khai</source>
        <extracomment>Rating filter keys in the order the filter bar lists them.</extracomment>
        <translation>Declaration groups</translation>
    </message>
    <message>
        <source>Tất cả tờ khai</source>
        <translation>All declarations</translation>
    </message>
    <message>
        <source>Đánh giá mức độ hài lòng</source>
        <translation>Satisfaction rating</translation>
    </message>
    <message>
        <source>Trạng thái tờ khai</source>
        <translation>Declaration status</translation>
    </message>
</context>
<context>
    <name>GroupTree</name>
    <message>
        <source>Nhóm tờ khai</source>
        <translation>Declaration groups</translation>
    </message>
</context>
<context>
    <name>Groups</name>
    <message>
        <source>Tất cả</source>
        <translation>All</translation>
    </message>
    <message>
        <source>Đang làm thủ tục</source>
        <translation>In clearance</translation>
    </message>
    <message>
        <source>Đã hoàn thành thủ tục</source>
        <translation>Completed</translation>
    </message>
</context>
<context>
    <name>Handback</name>
    <message>
        <source>Lưu thiết lập đã sửa</source>
        <translation>Save the corrected setting</translation>
    </message>
    <message>
        <source>Thiết lập (*.json)</source>
        <translation>Settings (*.json)</translation>
    </message>
    <message>
        <source>Nhập thiết lập từ bộ phận hỗ trợ</source>
        <translation>Import a setting from support</translation>
    </message>
</context>
<context>
    <name>HandbackDialog</name>
    <message>
        <source>Xuất thiết lập đã sửa cho người khai</source>
        <translation>Export a corrected setting for the declarant</translation>
    </message>
    <message>
        <source>Chỉ địa chỉ máy chủ và mã số thuế được gửi lại (không bao giờ có mật khẩu). Người khai nhập tệp bằng Trợ giúp → Nhập thiết lập từ bộ phận hỗ trợ…</source>
        <translation>Only the server address and the tax code are handed back (never a password). The declarant imports the file with Help → Import a setting from support…</translation>
    </message>
    <message>
        <source>Địa chỉ máy chủ</source>
        <translation>Server address</translation>
    </message>
    <message>
        <source>Mã số thuế</source>
        <translation>Tax code</translation>
    </message>
    <message>
        <source>Địa chỉ &amp;máy chủ:</source>
        <translation>&amp;Server address:</translation>
    </message>
    <message>
        <source>Mã số &amp;thuế:</source>
        <translation>&amp;Tax code:</translation>
    </message>
    <message>
        <source>&amp;Lưu tệp…</source>
        <translation>&amp;Save file…</translation>
    </message>
    <message>
        <source>&amp;Hủy</source>
        <translation>&amp;Cancel</translation>
    </message>
    <message>
        <source>Không ghi được tệp {path} ({error}). Hãy chọn nơi khác.</source>
        <translation>Could not write the file {path} ({error}). Choose another place.</translation>
    </message>
    <message>
        <source>Đã lưu thiết lập vào:
{path}

Gửi tệp này cho người khai.</source>
        <translation>The setting was saved to:
{path}

Send this file to the declarant.</translation>
    </message>
</context>
<context>
    <name>ImportHandbackAction</name>
    <message>
        <source>Nhập thiết lập từ bộ phận hỗ trợ…</source>
        <translation>Import a setting from support…</translation>
    </message>
    <message>
        <source>Nhập thiết lập từ bộ phận hỗ trợ</source>
        <translation>Import a setting from support</translation>
    </message>
    <message>
        <source>Tệp này được làm cho doanh nghiệp {theirs}, không phải {mine}. Không có gì được thay đổi; hãy xin bộ phận hỗ trợ tệp đúng.</source>
        <translation>This file was made for enterprise {theirs}, not {mine}. Nothing was changed; ask support for the right file.</translation>
    </message>
    <message>
        <source>Thiết lập đã đúng như tệp; không có gì thay đổi.</source>
        <translation>The settings already match the file; nothing changed.</translation>
    </message>
    <message>
        <source>Bộ phận hỗ trợ đề nghị sửa:
{lines}

{note}

Áp dụng?</source>
        <translation>Support suggests these changes:
{lines}

{note}

Apply them?</translation>
    </message>
    <message>
        <source>Áp dụng</source>
        <translation>Apply</translation>
    </message>
    <message>
        <source>Không</source>
        <translation>No</translation>
    </message>
    <message>
        <source>Đã lưu thiết lập mới. Hãy đăng nhập lại (Hệ thống → Đăng nhập máy chủ hải quan…) hoặc mở lại chương trình để dùng thiết lập này.</source>
        <translation>The new setting is saved. Log in again (System → Log in to the customs server…) or restart the program to use it.</translation>
    </message>
</context>
<context>
    <name>Inbox</name>
    <message>
        <source>Phản ánh đúng – đã xử lý</source>
        <translation>Complaint upheld – dealt with</translation>
    </message>
    <message>
        <source>Phản ánh chưa có cơ sở</source>
        <translation>Complaint not upheld</translation>
    </message>
    <message>
        <source>Đã giải thích, hướng dẫn</source>
        <translation>Explained, guidance given</translation>
    </message>
    <message>
        <source>Bạn đã chấp nhận kết quả</source>
        <translation>You accepted the result</translation>
    </message>
    <message>
        <source>Bạn đã báo chưa giải quyết được</source>
        <translation>You reported it is not resolved</translation>
    </message>
</context>
<context>
    <name>InboxDialog</name>
    <message>
        <source>Kết quả xử lý phản ánh của Hải quan</source>
        <translation>Customs&apos; answers to your ratings</translation>
    </message>
    <message>
        <source>Danh sách phản hồi</source>
        <extracomment>Whose answers these are: the current enterprise&apos;s name and tax code.</extracomment>
        <translation>Answers</translation>
    </message>
    <message>
        <source>Nếu chưa giải quyết được, hãy nói rõ vấn đề còn tồn tại…</source>
        <translation>If it is not resolved, say what problem remains…</translation>
    </message>
    <message>
        <source>Ý kiến thêm</source>
        <translation>Your comment</translation>
    </message>
    <message>
        <source>&amp;Chấp nhận kết quả</source>
        <translation>&amp;Accept the result</translation>
    </message>
    <message>
        <source>C&amp;hưa giải quyết được vấn đề</source>
        <translation>&amp;Not resolved</translation>
    </message>
    <message>
        <source>Đó&amp;ng</source>
        <translation>&amp;Close</translation>
    </message>
    <message>
        <source>Nội dung phản hồi</source>
        <translation>Response</translation>
    </message>
    <message>
        <source>Chưa có phản hồi nào. Khi bạn đánh giá 1–2 sao (Không hài lòng, Rất không hài lòng), hải quan xác minh và trả lời; câu trả lời hiện ở đây và trên thanh trạng thái (✉).</source>
        <translation>No answers yet. When you give 1–2 stars (Dissatisfied, Very dissatisfied), customs verifies the case and answers; the answer shows here and in the status bar (✉).</translation>
    </message>
    <message>
        <source>Kết quả xử lý</source>
        <translation>Result</translation>
    </message>
    <message>
        <source>Nội dung trả lời</source>
        <translation>Answer</translation>
    </message>
    <message>
        <source>Phiếu đánh giá đã gửi</source>
        <translation>Rating sheet sent</translation>
    </message>
    <message>
        <source>Tờ khai {number} – {result}</source>
        <translation>Declaration {number} – {result}</translation>
    </message>
    <message>
        <source>(Phiếu không còn trên máy này)</source>
        <translation>(The sheet is no longer on this computer)</translation>
    </message>
    <message>
        <source>Tờ khai {number}</source>
        <translation>Declaration {number}</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <source>Đăng nhập hệ thống đánh giá của Hải quan</source>
        <translation>Log in to the customs rating system</translation>
    </message>
    <message>
        <source>Địa chỉ máy chủ</source>
        <translation>Server address</translation>
    </message>
    <message>
        <source>ví dụ 0100109106</source>
        <translation>e.g. 0100109106</translation>
    </message>
    <message>
        <source>Mã số thuế</source>
        <translation>Tax code</translation>
    </message>
    <message>
        <source>Mật khẩu</source>
        <translation>Password</translation>
    </message>
    <message>
        <source>&amp;Ghi nhớ mật khẩu trên máy này</source>
        <translation>&amp;Remember the password on this computer</translation>
    </message>
    <message>
        <source>Máy &amp;chủ:</source>
        <translation>&amp;Server:</translation>
    </message>
    <message>
        <source>&amp;Mã số thuế:</source>
        <translation>&amp;Tax code:</translation>
    </message>
    <message>
        <source>Mật &amp;khẩu:</source>
        <translation>&amp;Password:</translation>
    </message>
    <message>
        <source>Đăng &amp;nhập</source>
        <translation>&amp;Log in</translation>
    </message>
    <message>
        <source>&amp;Hủy</source>
        <translation>&amp;Cancel</translation>
    </message>
    <message>
        <source>Vui lòng nhập mật khẩu.</source>
        <translation>Please enter the password.</translation>
    </message>
    <message>
        <source>Đang đăng nhập…</source>
        <translation>Logging in…</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Đánh giá mức độ hài lòng — Khai báo hải quan</source>
        <extracomment>&quot;Đồng bộ ngay&quot; was chosen. A rating sheet was committed to the outbox (declaration number).</extracomment>
        <translation>Satisfaction rating — Customs declarations</translation>
    </message>
    <message>
        <source>1. Đồng bộ ngay</source>
        <translation>1. Sync now</translation>
    </message>
    <message>
        <source>Thoát</source>
        <translation>Exit</translation>
    </message>
    <message>
        <source>1. Danh sách tờ khai</source>
        <translation>1. Declarations list</translation>
    </message>
    <message>
        <source>2. Tìm tờ khai theo số</source>
        <translation>2. Find a declaration by number</translation>
    </message>
    <message>
        <source>3. Làm mới danh sách</source>
        <translation>3. Refresh the list</translation>
    </message>
    <message>
        <source>1. Đánh giá mức độ hài lòng</source>
        <translation>1. Satisfaction rating</translation>
    </message>
    <message>
        <source>2. Phản ánh vướng mắc trong quá trình thông quan</source>
        <translation>2. Report a problem during clearance</translation>
    </message>
    <message>
        <source>3. Danh sách tờ khai chưa đánh giá</source>
        <translation>3. Declarations not yet rated</translation>
    </message>
    <message>
        <source>Hướng dẫn đánh giá</source>
        <translation>How rating works</translation>
    </message>
    <message>
        <source>Giới thiệu</source>
        <translation>About</translation>
    </message>
    <message>
        <source>Thanh menu</source>
        <translation>Menu bar</translation>
    </message>
    <message>
        <source>&amp;Hệ thống</source>
        <translation>&amp;System</translation>
    </message>
    <message>
        <source>2. Ngôn ngữ / Language</source>
        <translation>2. Ngôn ngữ / Language</translation>
    </message>
    <message>
        <source>&amp;Tờ khai xuất nhập khẩu</source>
        <translation>&amp;Customs declarations</translation>
    </message>
    <message>
        <source>&amp;Nghiệp vụ khác</source>
        <translation>&amp;Other operations</translation>
    </message>
    <message>
        <source>Trợ &amp;giúp</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <source>Thanh công cụ</source>
        <translation>Toolbar</translation>
    </message>
    <message>
        <source>Đánh giá</source>
        <translation>Rating</translation>
    </message>
    <message>
        <source>Phản ánh vướng mắc</source>
        <translation>Report a problem</translation>
    </message>
    <message>
        <source>Chưa đánh giá</source>
        <translation>Not rated</translation>
    </message>
    <message>
        <source>Làm mới</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>Đồng bộ</source>
        <translation>Sync</translation>
    </message>
    <message>
        <source>T&amp;rạng thái:</source>
        <translation>St&amp;atus:</translation>
    </message>
    <message>
        <source>Đánh g&amp;iá:</source>
        <translation>&amp;Rating:</translation>
    </message>
    <message>
        <source>&amp;Số tờ khai:</source>
        <translation>&amp;Number:</translation>
    </message>
    <message>
        <source>Gõ số tờ khai</source>
        <translation>Type a declaration number</translation>
    </message>
    <message>
        <source>Tìm các tờ khai có số bắt đầu bằng các chữ số đã gõ</source>
        <translation>Finds the declarations whose number starts with the digits typed</translation>
    </message>
    <message>
        <source>Xóa số đã gõ</source>
        <translation>Clear the number typed</translation>
    </message>
    <message>
        <source>Danh sách tờ khai</source>
        <translation>Declarations</translation>
    </message>
    <message>
        <source>Đã lưu phiếu tờ khai {number}, chờ gửi.</source>
        <translation>Sheet for declaration {number} saved, waiting to send.</translation>
    </message>
    <message>
        <source>Chọn một tờ khai chưa đánh giá rồi nhấn Enter để đánh giá.</source>
        <translation>Select a declaration that is not yet rated and press Enter to rate it.</translation>
    </message>
    <message>
        <source>Chọn một tờ khai đang làm thủ tục (chưa thông quan) để phản ánh vướng mắc.</source>
        <translation>Select a declaration still in clearance to report a problem with it.</translation>
    </message>
    <message>
        <source>Số tờ khai chỉ gồm chữ số.</source>
        <translation>A declaration number has digits only.</translation>
    </message>
    <message>
        <source>Hiển thị {count} tờ khai</source>
        <translation>Declarations shown: {count}</translation>
    </message>
    <message>
        <source>Không tải được danh sách tờ khai: {error}</source>
        <translation>Could not load the declarations: {error}</translation>
    </message>
    <message>
        <source>{total} tờ khai, {unrated} chưa đánh giá</source>
        <translation>Declarations: {total}, not rated: {unrated}</translation>
    </message>
    <message>
        <source>Ngôn ngữ mới được dùng từ lần mở chương trình sau.</source>
        <translation>The new language is used from the next start of the program.</translation>
    </message>
    <message>
        <source>1. Khi tờ khai được giải phóng hàng, mang hàng về bảo quản hoặc thông quan, chương trình mời bạn đánh giá mức độ hài lòng.
2. Chọn số sao (1–5) cho từng công chức, đội công tác, chi cục, khâu nghiệp vụ; chọn lý do và nhập nội dung nếu muốn. Đánh giá 1–2 sao cần nội dung, họ tên và số điện thoại để hải quan xác minh, phản hồi.
3. Chọn Ghi để xem lại phiếu, rồi Gửi để gửi (hoặc Sửa để quay lại).
4. Nếu Bỏ qua, tờ khai vẫn nằm trong danh sách chưa đánh giá: menu Nghiệp vụ khác → Đánh giá mức độ hài lòng.
Trong quá trình thông quan, chọn tờ khai rồi Phản ánh vướng mắc để báo vướng mắc.</source>
        <translation>1. When a declaration is released, brought to storage or cleared, the program asks you to rate the service.
2. Give 1–5 stars to each officer, team, sub-department and procedure stage; pick reasons and add comments if you wish. A 1–2 star rating needs comments, a name and a phone number so customs can verify it and answer.
3. Choose Record to review the sheet, then Send to send it (or Edit to go back).
4. If you Skip, the declaration stays in the list of declarations not yet rated: menu Other operations → Satisfaction rating.
During clearance, select a declaration and choose Report a problem.</translation>
    </message>
    <message>
        <source>Đánh giá mức độ hài lòng về chất lượng phục vụ của công chức hải quan.
Phiên bản {version}.</source>
        <translation>Rating the service of customs officers.
Version {version}.</translation>
    </message>
</context>
<context>
    <name>OpenBundleAction</name>
    <message>
        <source>Mở gói hỗ trợ…</source>
        <translation>Open support bundle…</translation>
    </message>
    <message>
        <source>Không mở được gói hỗ trợ {name}. Hãy thử lại.</source>
        <translation>Could not open the support bundle {name}. Try again.</translation>
    </message>
    <message>
        <source>Đang mở gói hỗ trợ {name} trong một cửa sổ riêng…</source>
        <translation>Opening the support bundle {name} in a window of its own…</translation>
    </message>
</context>
<context>
    <name>OutboxKind</name>
    <message>
        <source>Phiếu đánh giá</source>
        <translation>Rating sheet</translation>
    </message>
    <message>
        <source>Yêu cầu hỗ trợ</source>
        <translation>Support request</translation>
    </message>
    <message>
        <source>Ý kiến về kết quả xử lý</source>
        <translation>Follow-up on an answer</translation>
    </message>
</context>
<context>
    <name>OutboxModel</name>
    <message>
        <source>Loại</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>Tờ khai / nghiệp vụ</source>
        <translation>Declaration / operation</translation>
    </message>
    <message>
        <source>Trạng thái</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Lý do</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>Số lần gửi</source>
        <translation>Attempts</translation>
    </message>
    <message>
        <source>Lần gửi tiếp</source>
        <translation>Next attempt</translation>
    </message>
    <message>
        <source>Chưa gửi lần nào: được gửi ở lần đồng bộ tới, khi máy tính có kết nối và đã đăng nhập máy chủ hải quan.</source>
        <translation>Not sent yet: it goes at the next sync, once this computer is online and logged in to the customs server.</translation>
    </message>
    <message>
        <source>Đang gửi đến máy chủ hải quan…</source>
        <translation>Being sent to the customs server…</translation>
    </message>
    <message>
        <source>Ở lần đồng bộ tới</source>
        <translation>At the next sync</translation>
    </message>
</context>
<context>
    <name>OutboxPanel</name>
    <message>
        <source>Hộp thư đi – phiếu chưa gửi và bị từ chối</source>
        <translation>Outbox – unsent and rejected sheets</translation>
    </message>
    <message>
        <source>Danh sách phiếu chưa gửi</source>
        <extracomment>Whose outbox this is: the current enterprise&apos;s name and tax code. What to do about what the table shows (never sent, rejected).</extracomment>
        <translation>Unsent sheets</translation>
    </message>
    <message>
        <source>&amp;Gửi lại ngay</source>
        <translation>&amp;Retry now</translation>
    </message>
    <message>
        <source>&amp;Sửa và gửi lại…</source>
        <translation>&amp;Correct and send again…</translation>
    </message>
    <message>
        <source>&amp;Xóa khỏi hộp thư đi…</source>
        <translation>Re&amp;move from the outbox…</translation>
    </message>
    <message>
        <source>Đó&amp;ng</source>
        <translation>Cl&amp;ose</translation>
    </message>
    <message>
        <source>{waiting} phiếu chờ gửi, {failed} phiếu cần xử lý</source>
        <translation>Waiting to send: {waiting}; needing attention: {failed}</translation>
    </message>
    <message>
        <source>Hộp thư đi trống: mọi phiếu đánh giá và câu hỏi đã được gửi đến hải quan.</source>
        <translation>The outbox is empty: every rating sheet and question has reached customs.</translation>
    </message>
    <message>
        <source>Phiếu chưa gửi lần nào được gửi tự động khi có kết nối. Nếu chưa đăng nhập, chọn Hệ thống → Đăng nhập máy chủ hải quan; “Gửi lại ngay” gửi ngay khi có thể.</source>
        <translation>Items not sent yet go by themselves once online. If you are not logged in, choose System → Log in to the customs server; “Retry now” sends as soon as possible.</translation>
    </message>
    <message>
        <source>Phiếu bị từ chối: chọn phiếu rồi “Sửa và gửi lại…” để sửa theo lý do máy chủ nêu.</source>
        <translation>Rejected sheets: select one, then “Correct and send again…” to fix what the server said.</translation>
    </message>
    <message>
        <source>Xóa khỏi hộp thư đi</source>
        <translation>Remove from the outbox</translation>
    </message>
    <message>
        <source>Xóa {kind} {subject}? Nội dung này sẽ không được gửi đến hải quan và không thể khôi phục.</source>
        <translation>Remove {kind} {subject}? It will not be sent to customs and cannot be restored.</translation>
    </message>
    <message>
        <source>Xóa</source>
        <translation>Remove</translation>
    </message>
    <message>
        <source>Không xóa</source>
        <translation>Keep it</translation>
    </message>
</context>
<context>
    <name>OutboxState</name>
    <message>
        <source>Chờ gửi</source>
        <translation>Waiting to send</translation>
    </message>
    <message>
        <source>Đang gửi</source>
        <translation>Sending</translation>
    </message>
    <message>
        <source>Bị từ chối</source>
        <translation>Rejected</translation>
    </message>
    <message>
        <source>Cần kiểm tra</source>
        <translation>Needs attention</translation>
    </message>
    <message>
        <source>Đã gửi</source>
        <translation>Sent</translation>
    </message>
</context>
<context>
    <name>OverviewModel</name>
    <message>
        <source>Doanh nghiệp</source>
        <translation>Enterprise</translation>
    </message>
    <message>
        <source>Chưa đánh giá</source>
        <translation>Unrated</translation>
    </message>
    <message>
        <source>Chờ gửi</source>
        <translation>Waiting</translation>
    </message>
    <message>
        <source>Phản hồi mới</source>
        <translation>New answers</translation>
    </message>
    <message>
        <source>Kết nối</source>
        <translation>Connection</translation>
    </message>
    <message>
        <source>Đồng bộ tốt lần cuối</source>
        <translation>Last good sync</translation>
    </message>
    <message>
        <source>Chưa đồng bộ</source>
        <translation>Not synced yet</translation>
    </message>
</context>
<context>
    <name>RatingDialog</name>
    <message>
        <source>Vị trí trong hàng đợi</source>
        <extracomment>A sheet was committed with its outbox row (declaration number). &quot;Xem&quot; in the skip warning: show the list of unrated declarations.</extracomment>
        <translation>Position in the queue</translation>
    </message>
    <message>
        <source>Phiếu đánh giá</source>
        <translation>Rating sheet</translation>
    </message>
    <message>
        <source>&amp;Bỏ qua</source>
        <translation>S&amp;kip</translation>
    </message>
    <message>
        <source>Không đánh giá tờ khai này lúc này</source>
        <translation>Do not rate this declaration now</translation>
    </message>
    <message>
        <source>&amp;Tiếp</source>
        <translation>&amp;Next</translation>
    </message>
    <message>
        <source>Sang tờ khai tiếp theo, giữ nội dung đã nhập</source>
        <translation>Go to the next declaration, keeping what you typed</translation>
    </message>
    <message>
        <source>Đó&amp;ng</source>
        <translation>&amp;Close</translation>
    </message>
    <message>
        <source>&amp;Ghi</source>
        <translation>&amp;Record</translation>
    </message>
    <message>
        <source>Kiểm tra và xem lại phiếu trước khi gửi</source>
        <translation>Check the sheet and review it before sending</translation>
    </message>
    <message>
        <source>Nội dung sẽ gửi</source>
        <translation>What will be sent</translation>
    </message>
    <message>
        <source>&amp;Sửa</source>
        <translation>&amp;Edit</translation>
    </message>
    <message>
        <source>Quay lại sửa phiếu, giữ nguyên nội dung đã nhập</source>
        <translation>Go back to the sheet, keeping everything you typed</translation>
    </message>
    <message>
        <source>&amp;Gửi</source>
        <translation>&amp;Send</translation>
    </message>
    <message>
        <source>Lưu và gửi phiếu đánh giá đến cơ quan hải quan</source>
        <translation>Save the rating sheet and send it to customs</translation>
    </message>
    <message>
        <source>&amp;Xem</source>
        <translation>&amp;View</translation>
    </message>
    <message>
        <source>Thêm {count} tờ khai vừa hoàn thành thủ tục đã vào hàng đợi đánh giá (nay có {total} tờ khai).</source>
        <translation>{count} more declarations just completed and joined this prompt (now {total}).</translation>
    </message>
    <message>
        <source>Đánh giá mức độ hài lòng</source>
        <translation>Satisfaction rating</translation>
    </message>
    <message>
        <source>Phản ánh vướng mắc</source>
        <translation>Report a problem</translation>
    </message>
    <message>
        <source>Tờ khai {position} / {total}</source>
        <translation>Declaration {position} / {total}</translation>
    </message>
    <message>
        <source>Tờ khai số {number}, {position} / {total}</source>
        <translation>Declaration number {number}, {position} / {total}</translation>
    </message>
    <message>
        <source>Chưa gửi được</source>
        <translation>Not sent</translation>
    </message>
    <message>
        <source>Chưa lưu được</source>
        <translation>Not saved</translation>
    </message>
    <message>
        <source>Đã lưu phiếu tờ khai {number}, chờ gửi.</source>
        <translation>The sheet for declaration {number} is saved and waiting to be sent.</translation>
    </message>
    <message>
        <source>Tờ khai chưa được đánh giá</source>
        <translation>Declaration not rated</translation>
    </message>
    <message>
        <source>Tờ khai {number} chưa được đánh giá mức độ hài lòng.

Bạn có thể đánh giá sau: chọn Xem để mở danh sách tờ khai chưa đánh giá, hoặc vào menu Nghiệp vụ khác → Đánh giá mức độ hài lòng.</source>
        <translation>Declaration {number} has not been rated.

You can rate it later: choose View to open the list of declarations not yet rated, or use the menu Other operations → Satisfaction rating.</translation>
    </message>
    <message>
        <source>{count} tờ khai chưa được đánh giá mức độ hài lòng.

Bạn có thể đánh giá sau: chọn Xem để mở danh sách tờ khai chưa đánh giá, hoặc vào menu Nghiệp vụ khác → Đánh giá mức độ hài lòng.</source>
        <translation>Declarations not rated: {count}.

You can rate them later: choose View to open the list of declarations not yet rated, or use the menu Other operations → Satisfaction rating.</translation>
    </message>
</context>
<context>
    <name>RatingStage</name>
    <message>
        <source>Đánh giá sau khi hoàn thành thủ tục</source>
        <translation>Rating after completion</translation>
    </message>
    <message>
        <source>Phản ánh vướng mắc trong quá trình thông quan</source>
        <translation>Problem report during clearance</translation>
    </message>
</context>
<context>
    <name>RatingState</name>
    <message>
        <source>Chưa đánh giá</source>
        <translation>Not rated</translation>
    </message>
    <message>
        <source>Chờ gửi</source>
        <translation>Waiting to send</translation>
    </message>
    <message>
        <source>Đã gửi</source>
        <translation>Sent</translation>
    </message>
    <message>
        <source>Bị từ chối</source>
        <translation>Rejected</translation>
    </message>
    <message>
        <source>Chưa đến lượt đánh giá</source>
        <translation>Not ratable yet</translation>
    </message>
</context>
<context>
    <name>ReplayController</name>
    <message>
        <source>Gói hỗ trợ không cho biết mã số thuế của doanh nghiệp: không phát lại được.</source>
        <extracomment>Each enterprise&apos;s password for this run, by tax code: a broker&apos;s bundle holds several. The replay is running (the server answers under its scenario); carries ``Prepared``. Could not start: what to tell the user. The scenario in force changed (its spec).</extracomment>
        <translation>The support bundle does not say the enterprise&apos;s tax code: it cannot be replayed.</translation>
    </message>
    <message>
        <source>Cửa sổ không mở gói hỗ trợ.</source>
        <translation>This window does not show a support bundle.</translation>
    </message>
    <message>
        <source>Không phát lại được ({error}); chi tiết đã được ghi vào nhật ký.</source>
        <translation>The replay did not start ({error}); the details are in the log.</translation>
    </message>
</context>
<context>
    <name>SheetForm</name>
    <message>
        <source>Đối tượng đánh giá</source>
        <extracomment>Every reason code once, in the order the levels list them from 5 stars down to 1. A field with an error: a red border and a pale red ground; focused, the border turns to the focus colour (a border set by a style sheet replaces the style&apos;s own focus frame, so without this rule the focus on an invalid field would not show) while the ground stays red. Any score changed (the dialog updates which fields are required).</extracomment>
        <translation>Who you rate</translation>
    </message>
    <message>
        <source>Chọn từ 1 đến 5 sao cho từng đối tượng (phím mũi tên hoặc số 1–5). Có thể bỏ trống đối tượng không muốn đánh giá.</source>
        <translation>Give 1 to 5 stars to each of them (arrow keys or the digits 1–5). Leave empty whoever you do not want to rate.</translation>
    </message>
    <message>
        <source>Nội dung và người liên hệ</source>
        <translation>Content and contact person</translation>
    </message>
    <message>
        <source>Nội dung đánh giá, góp ý hoặc vướng mắc gặp phải (không bắt buộc khi 3–5 sao)</source>
        <translation>Comments, suggestions or the problem you met (optional for 3–5 stars)</translation>
    </message>
    <message>
        <source>Nội dung đánh giá, góp ý</source>
        <translation>Comments</translation>
    </message>
    <message>
        <source>Họ và tên người liên hệ</source>
        <translation>Contact person&apos;s full name</translation>
    </message>
    <message>
        <source>Số điện thoại</source>
        <translation>Phone number</translation>
    </message>
    <message>
        <source>(*) Bắt buộc khi có đánh giá 1–2 sao: hải quan sẽ xác minh và liên hệ lại với người đánh giá.</source>
        <translation>(*) Required with a 1–2 star rating: customs will verify it and contact you.</translation>
    </message>
    <message>
        <source>Họ tên và số điện thoại giúp hải quan liên hệ lại khi cần (không bắt buộc).</source>
        <translation>A name and phone number let customs contact you if needed (optional).</translation>
    </message>
    <message>
        <source>Bắt buộc</source>
        <translation>Required</translation>
    </message>
</context>
<context>
    <name>StarRating</name>
    <message>
        <source>Mức độ hài lòng</source>
        <translation>Satisfaction</translation>
    </message>
    <message>
        <source>Chưa chọn</source>
        <translation>Not chosen</translation>
    </message>
    <message>
        <source>{count} / {total} sao – {label}</source>
        <translation>{count} / {total} stars – {label}</translation>
    </message>
</context>
<context>
    <name>StatusIndicators</name>
    <message>
        <source>Kết nối</source>
        <translation>Connection</translation>
    </message>
    <message>
        <source>Chờ gửi: {count} phiếu</source>
        <translation>Waiting to send: {count}</translation>
    </message>
    <message>
        <source>Phiếu đánh giá đã lưu trên máy, chờ gửi đến hải quan</source>
        <translation>Rating sheets saved on this computer, waiting to be sent to customs</translation>
    </message>
    <message>
        <source>Đồng bộ lần cuối: {time}</source>
        <translation>Last sync: {time}</translation>
    </message>
    <message>
        <source>Chưa đồng bộ</source>
        <translation>Never synced</translation>
    </message>
</context>
<context>
    <name>SupportActions</name>
    <message>
        <source>6. Hỗ trợ vướng mắc (đặt câu hỏi)…</source>
        <translation>6. Help desk (ask customs a question)…</translation>
    </message>
    <message>
        <source>7. Tra cứu vướng mắc đã trả lời…</source>
        <translation>7. Search answered questions…</translation>
    </message>
    <message>
        <source>Xuất gói hỗ trợ…</source>
        <translation>Export support bundle…</translation>
    </message>
    <message>
        <source>Đã ghi câu hỏi gửi Hải quan; câu hỏi sẽ được gửi khi có kết nối.</source>
        <translation>Your question to customs is saved; it will be sent when there is a connection.</translation>
    </message>
</context>
<context>
    <name>SupportDesk</name>
    <message>
        <source>Chưa kết nối được máy chủ hải quan: chưa xem được các câu trả lời đã có.</source>
        <translation>Could not reach the customs server: existing answers cannot be shown now.</translation>
    </message>
</context>
<context>
    <name>SupportRequestDialog</name>
    <message>
        <source>Hỗ trợ vướng mắc — đặt câu hỏi cho Hải quan</source>
        <extracomment>emitted with the local id once the request is committed (the sync is woken by the caller)</extracomment>
        <translation>Help desk — ask customs a question</translation>
    </message>
    <message>
        <source>Mã, ví dụ 03CE</source>
        <translation>Code, e.g. 03CE</translation>
    </message>
    <message>
        <source>— Chọn mã nghiệp vụ —</source>
        <translation>— Choose an operation code —</translation>
    </message>
    <message>
        <source>Mô tả vướng mắc: bạn làm gì, hệ thống báo gì (mã lỗi, thông báo).</source>
        <translation>Describe the problem: what you did and what the system said (error code, message).</translation>
    </message>
    <message>
        <source>Mã số &amp;thuế:</source>
        <translation>&amp;Tax code:</translation>
    </message>
    <message>
        <source>Tên &amp;doanh nghiệp:</source>
        <translation>&amp;Enterprise name:</translation>
    </message>
    <message>
        <source>&amp;Cục/Chi cục phát sinh:</source>
        <translation>&amp;Customs office concerned:</translation>
    </message>
    <message>
        <source>&amp;Mã nghiệp vụ:</source>
        <translation>&amp;Operation code:</translation>
    </message>
    <message>
        <source>Người &amp;liên hệ:</source>
        <translation>Contact &amp;person:</translation>
    </message>
    <message>
        <source>Điện t&amp;hoại:</source>
        <translation>P&amp;hone:</translation>
    </message>
    <message>
        <source>Chọn tệ&amp;p ảnh…</source>
        <translation>Choose &amp;image file…</translation>
    </message>
    <message>
        <source>Nội dung &amp;vướng mắc:</source>
        <translation>Q&amp;uestion:</translation>
    </message>
    <message>
        <source>Đó&amp;ng</source>
        <translation>C&amp;lose</translation>
    </message>
    <message>
        <source>Chụp cửa &amp;sổ chương trình</source>
        <translation>Capture the program &amp;window</translation>
    </message>
    <message>
        <source>Cục/Chi cục phát sinh</source>
        <translation>Customs office concerned</translation>
    </message>
    <message>
        <source>&amp;Bỏ ảnh</source>
        <translation>&amp;Remove image</translation>
    </message>
    <message>
        <source>Không có ảnh (tối đa 1 MB, PNG hoặc JPEG).</source>
        <translation>No image (at most 1 MB, PNG or JPEG).</translation>
    </message>
    <message>
        <source>Ảnh chụp màn hình khi phát sinh lỗi (nếu có)</source>
        <translation>Screenshot of the error (optional)</translation>
    </message>
    <message>
        <source>Chọn mã nghiệp vụ để xem các câu trả lời đã có.</source>
        <translation>Choose an operation code to see answers already given.</translation>
    </message>
    <message>
        <source>Câu hỏi tương tự đã được trả lời</source>
        <translation>Similar questions already answered</translation>
    </message>
    <message>
        <source>Câu trả lời</source>
        <translation>Answer</translation>
    </message>
    <message>
        <source>Nội dung vướng mắc</source>
        <translation>Question</translation>
    </message>
    <message>
        <source>Câu hỏi cho Hải quan</source>
        <translation>Question to customs</translation>
    </message>
    <message>
        <source>&amp;Gửi câu hỏi</source>
        <translation>&amp;Send question</translation>
    </message>
    <message>
        <source>Chưa đăng nhập máy chủ hải quan: chưa xem được các câu trả lời đã có.</source>
        <translation>Not logged in to the customs server: existing answers cannot be shown.</translation>
    </message>
    <message>
        <source>Đang tìm câu trả lời đã có cho {code}…</source>
        <translation>Looking for existing answers about {code}…</translation>
    </message>
    <message>
        <source>{count} câu hỏi về {code} đã được trả lời; xem trước khi gửi câu hỏi mới.</source>
        <translation>{count} questions about {code} have been answered; have a look before sending a new one.</translation>
    </message>
    <message>
        <source>Chưa có câu trả lời nào cho {code}.</source>
        <translation>No answers about {code} yet.</translation>
    </message>
    <message>
        <source>Không đọc được tệp: {error}</source>
        <translation>Could not read the file: {error}</translation>
    </message>
    <message>
        <source>cửa sổ chương trình</source>
        <translation>program window</translation>
    </message>
    <message>
        <source>{source}: {kind}, {size}</source>
        <translation>{source}: {kind}, {size}</translation>
    </message>
</context>
<context>
    <name>SupportSearchDialog</name>
    <message>
        <source>Tra cứu vướng mắc đã được trả lời</source>
        <translation>Search answered questions</translation>
    </message>
    <message>
        <source>Tất cả</source>
        <translation>All</translation>
    </message>
    <message>
        <source>mọi doanh nghiệp</source>
        <translation>any enterprise</translation>
    </message>
    <message>
        <source>từ trong câu hỏi hoặc câu trả lời</source>
        <translation>words in the question or answer</translation>
    </message>
    <message>
        <source>&amp;Tìm kiếm</source>
        <translation>&amp;Search</translation>
    </message>
    <message>
        <source>&amp;Mã nghiệp vụ:</source>
        <translation>&amp;Operation code:</translation>
    </message>
    <message>
        <source>Mã &amp;doanh nghiệp hỏi:</source>
        <translation>&amp;Asking enterprise (tax code):</translation>
    </message>
    <message>
        <source>&amp;Nội dung có chứa:</source>
        <translation>&amp;Containing:</translation>
    </message>
    <message>
        <source>Mã NV</source>
        <translation>Op.</translation>
    </message>
    <message>
        <source>Chi cục</source>
        <translation>Office</translation>
    </message>
    <message>
        <source>Ngày trả lời</source>
        <translation>Answered</translation>
    </message>
    <message>
        <source>Câu hỏi</source>
        <translation>Question</translation>
    </message>
    <message>
        <source>Kết quả tìm kiếm</source>
        <translation>Search results</translation>
    </message>
    <message>
        <source>Câu hỏi và câu trả lời</source>
        <translation>Question and answer</translation>
    </message>
    <message>
        <source>Đón&amp;g</source>
        <translation>C&amp;lose</translation>
    </message>
    <message>
        <source>Chưa đăng nhập máy chủ hải quan: hãy đăng nhập rồi tìm lại.</source>
        <translation>Not logged in to the customs server: log in, then search again.</translation>
    </message>
    <message>
        <source>Đang tìm…</source>
        <translation>Searching…</translation>
    </message>
    <message>
        <source>Tìm thấy {count} câu hỏi đã được trả lời.</source>
        <translation>Found {count} answered questions.</translation>
    </message>
    <message>
        <source>Không tìm thấy câu hỏi nào đã được trả lời.</source>
        <translation>No answered questions found.</translation>
    </message>
    <message>
        <source>Câu hỏi ({code}, {office}, MST {tax_code}):
{question}

Trả lời:
{answer}</source>
        <translation>Question ({code}, {office}, tax code {tax_code}):
{question}

Answer:
{answer}</translation>
    </message>
</context>
<context>
    <name>SupportView</name>
    <message>
        <source>Đồng bộ thành công: {ok} lượt. Lỗi theo loại: {errors}.</source>
        <translation>Good sync passes: {ok}. Errors by kind: {errors}.</translation>
    </message>
    <message>
        <source>không có</source>
        <translation>none</translation>
    </message>
    <message>
        <source>Diễn biến và chẩn đoán — gói {name}</source>
        <translation>What happened and diagnosis — bundle {name}</translation>
    </message>
    <message>
        <source>Chẩn đoán</source>
        <translation>Diagnosis</translation>
    </message>
    <message>
        <source>Thiết lập của người khai: máy chủ {server}, mã số thuế {tax_code}, đồng bộ mỗi {interval} giây, ngôn ngữ {language}. Hộp thư đi lúc xuất gói: {waiting} mục chưa gửi được.</source>
        <translation>The declarant&apos;s settings: server {server}, tax code {tax_code}, sync every {interval} s, language {language}. Outbox when the bundle was made: {waiting} items not delivered.</translation>
    </message>
    <message>
        <source>máy chủ thử nghiệm trong chương trình</source>
        <translation>the demo server inside the program</translation>
    </message>
    <message>
        <source>Người khai đã thấy</source>
        <translation>What the declarant saw</translation>
    </message>
    <message>
        <source>Thời gian</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>Diễn biến</source>
        <translation>What happened</translation>
    </message>
    <message>
        <source>Số lần</source>
        <translation>Times</translation>
    </message>
    <message>
        <source>Chi tiết</source>
        <translation>Detail</translation>
    </message>
    <message>
        <source>Đó&amp;ng</source>
        <translation>&amp;Close</translation>
    </message>
    <message>
        <source>Hộp thư đi của người khai không có mục nào báo lỗi.</source>
        <translation>No item of the declarant&apos;s outbox showed an error.</translation>
    </message>
    <message>
        <source>Người khai thấy trong Hộp thư đi: {reasons}</source>
        <translation>The declarant saw in the Outbox: {reasons}</translation>
    </message>
    <message>
        <source>Phát lại trên máy chủ thử nghiệm trong máy này</source>
        <translation>Replay on the test server inside this computer</translation>
    </message>
    <message>
        <source>&amp;Kịch bản:</source>
        <translation>&amp;Scenario:</translation>
    </message>
    <message>
        <source>Kịch bản của máy chủ thử nghiệm</source>
        <translation>Scenario of the test server</translation>
    </message>
    <message>
        <source>{spec} (theo chẩn đoán)</source>
        <translation>{spec} (from the diagnosis)</translation>
    </message>
    <message>
        <source>&amp;Phát lại</source>
        <translation>&amp;Replay</translation>
    </message>
    <message>
        <source>Khởi động máy chủ thử nghiệm với doanh nghiệp và tờ khai của gói, theo kịch bản đã chọn, rồi gửi lại hộp thư đi của gói tới máy chủ đó.</source>
        <translation>Starts the test server with the bundle&apos;s enterprise and declarations, under the chosen scenario, and sends the bundle&apos;s outbox to it again.</translation>
    </message>
    <message>
        <source>Chưa phát lại. Đổi kịch bản khi đang phát lại để xem máy chủ làm khác đi (normal: nhận bình thường).</source>
        <translation>Not replayed yet. Change the scenario while replaying to make the server behave another way (normal: accepts as usual).</translation>
    </message>
    <message>
        <source>Trạng thái phát lại</source>
        <translation>Replay status</translation>
    </message>
    <message>
        <source>Đang chuẩn bị máy chủ thử nghiệm…</source>
        <translation>Preparing the test server…</translation>
    </message>
    <message>
        <source>Đang phát lại trên {url}, kịch bản {scenario}, {count} tờ khai của gói. Xem thanh trạng thái và Hộp thư đi (Ctrl+O); chọn normal để xem phiếu được nhận.</source>
        <translation>Replaying on {url}, scenario {scenario}, {count} of the bundle&apos;s declarations. See the status bar and the Outbox (Ctrl+O); choose normal to see the sheets accepted.</translation>
    </message>
</context>
<context>
    <name>UnratedNotice</name>
    <message>
        <source>Mở danh sách tờ khai chưa đánh giá</source>
        <translation>Open the list of declarations not yet rated</translation>
    </message>
    <message>
        <source>&amp;Xem</source>
        <translation>&amp;View</translation>
    </message>
    <message>
        <source>Ẩn thông &amp;báo</source>
        <translation>H&amp;ide</translation>
    </message>
    <message>
        <source>Ẩn thông báo này</source>
        <translation>Hide this notice</translation>
    </message>
    <message>
        <source>Có {count} tờ khai đã hoàn thành thủ tục nhưng chưa đánh giá mức độ hài lòng.</source>
        <translation>Completed declarations waiting for your satisfaction rating: {count}.</translation>
    </message>
</context>
</TS>
