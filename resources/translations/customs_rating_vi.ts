<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="vi" sourcelanguage="vi">
    <context>
        <name>AddEnterpriseDialog</name>
        <message>
            <source>Thêm doanh nghiệp</source>
            <translation>Thêm doanh nghiệp</translation>
        </message>
        <message>
            <source>Mã số thuế</source>
            <translation>Mã số thuế</translation>
        </message>
        <message>
            <source>Tên doanh nghiệp</source>
            <translation>Tên doanh nghiệp</translation>
        </message>
        <message>
            <source>để trống: máy chủ thử nghiệm trong máy</source>
            <translation>để trống: máy chủ thử nghiệm trong máy</translation>
        </message>
        <message>
            <source>Địa chỉ máy chủ</source>
            <translation>Địa chỉ máy chủ</translation>
        </message>
        <message>
            <source>&amp;Mã số thuế:</source>
            <translation>&amp;Mã số thuế:</translation>
        </message>
        <message>
            <source>Tê&amp;n doanh nghiệp:</source>
            <translation>Tê&amp;n doanh nghiệp:</translation>
        </message>
        <message>
            <source>Máy &amp;chủ:</source>
            <translation>Máy &amp;chủ:</translation>
        </message>
        <message>
            <source>&amp;Thêm</source>
            <translation>&amp;Thêm</translation>
        </message>
        <message>
            <source>&amp;Hủy</source>
            <translation>&amp;Hủy</translation>
        </message>
    </context>
    <context>
        <name>BundleEnterprisesDialog</name>
        <message>
            <source>Gói hỗ trợ cho doanh nghiệp nào?</source>
            <translation>Gói hỗ trợ cho doanh nghiệp nào?</translation>
        </message>
        <message>
            <source>Gói hỗ trợ chỉ chứa dữ liệu của các doanh nghiệp được đánh dấu; dữ liệu của các doanh nghiệp khác không có trong gói. Dấu cách để đánh dấu hoặc bỏ.</source>
            <translation>Gói hỗ trợ chỉ chứa dữ liệu của các doanh nghiệp được đánh dấu; dữ liệu của các doanh nghiệp khác không có trong gói. Dấu cách để đánh dấu hoặc bỏ.</translation>
        </message>
        <message>
            <source>Doanh nghiệp trong gói hỗ trợ</source>
            <translation>Doanh nghiệp trong gói hỗ trợ</translation>
        </message>
    </context>
    <context>
        <name>BundleExporter</name>
        <message>
            <source>Đang xuất gói hỗ trợ…</source>
            <translation>Đang xuất gói hỗ trợ…</translation>
        </message>
        <message>
            <source>Xuất gói hỗ trợ</source>
            <translation>Xuất gói hỗ trợ</translation>
        </message>
        <message>
            <source>Đã ghi gói hỗ trợ vào:
{path}

Gửi tệp này cho cán bộ hỗ trợ. Gói không chứa mật khẩu; số điện thoại đã được che.</source>
            <translation>Đã ghi gói hỗ trợ vào:
{path}

Gửi tệp này cho cán bộ hỗ trợ. Gói không chứa mật khẩu; số điện thoại đã được che.</translation>
        </message>
        <message>
            <source>Không ghi được gói hỗ trợ: {error}</source>
            <translation>Không ghi được gói hỗ trợ: {error}</translation>
        </message>
    </context>
    <context>
        <name>BundleView</name>
        <message>
            <source>(không rõ mã số thuế)</source>
            <translation>(không rõ mã số thuế)</translation>
        </message>
        <message>
            <source>Gói có {count} doanh nghiệp; chọn doanh nghiệp cần xem ở ô «Doanh nghiệp» (Ctrl+E).</source>
            <translation>Gói có {count} doanh nghiệp; chọn doanh nghiệp cần xem ở ô «Doanh nghiệp» (Ctrl+E).</translation>
        </message>
        <message>
            <source>Gói hỗ trợ của doanh nghiệp {who}, tạo lúc {created}, phiên bản {version}. Chỉ xem: không có gì được gửi đi và không ghi gì vào dữ liệu của gói.</source>
            <translation>Gói hỗ trợ của doanh nghiệp {who}, tạo lúc {created}, phiên bản {version}. Chỉ xem: không có gì được gửi đi và không ghi gì vào dữ liệu của gói.</translation>
        </message>
        <message>
            <source>Hỗ t&amp;rợ</source>
            <extracomment>The replay's scenario given on the command line (``--scenario``); else the diagnosis's.</extracomment>
            <translation>Hỗ t&amp;rợ</translation>
        </message>
        <message>
            <source>1. Diễn biến và chẩn đoán…</source>
            <translation>1. Diễn biến và chẩn đoán…</translation>
        </message>
        <message>
            <source>2. Phát lại trên máy chủ thử nghiệm…</source>
            <translation>2. Phát lại trên máy chủ thử nghiệm…</translation>
        </message>
        <message>
            <source>3. Xuất thiết lập đã sửa cho người khai…</source>
            <translation>3. Xuất thiết lập đã sửa cho người khai…</translation>
        </message>
        <message>
            <source>Đang phát lại gói {name} trên máy chủ thử nghiệm trong máy này, kịch bản {scenario}: chỉ gửi tới máy chủ đó, không gửi tới hải quan. Dữ liệu của gói không bị ghi: phát lại dùng một bản sao riêng.</source>
            <translation>Đang phát lại gói {name} trên máy chủ thử nghiệm trong máy này, kịch bản {scenario}: chỉ gửi tới máy chủ đó, không gửi tới hải quan. Dữ liệu của gói không bị ghi: phát lại dùng một bản sao riêng.</translation>
        </message>
        <message>
            <source>Mở gói hỗ trợ</source>
            <translation>Mở gói hỗ trợ</translation>
        </message>
        <message>
            <source>Gói hỗ trợ (*.zip)</source>
            <translation>Gói hỗ trợ (*.zip)</translation>
        </message>
        <message>
            <source>{title} — gói hỗ trợ {name}</source>
            <extracomment>Set by bench/startup.py: print "ready" once the window is usable, then quit. In an opened bundle's throwaway profile, the folder of support's own log (not the bundle's). Set when a support bundle is open (``--open-bundle``).</extracomment>
            <translation>{title} — gói hỗ trợ {name}</translation>
        </message>
    </context>
    <context>
        <name>ClientSession</name>
        <message>
            <source>3. Đăng nhập máy chủ hải quan…</source>
            <translation>3. Đăng nhập máy chủ hải quan…</translation>
        </message>
        <message>
            <source>4. Đăng xuất</source>
            <translation>4. Đăng xuất</translation>
        </message>
        <message>
            <source>4. Hộp thư đi (phiếu chưa gửi)…</source>
            <translation>4. Hộp thư đi (phiếu chưa gửi)…</translation>
        </message>
        <message>
            <source>5. Kết quả xử lý phản ánh…</source>
            <translation>5. Kết quả xử lý phản ánh…</translation>
        </message>
        <message>
            <source>✉ {count} phản hồi mới</source>
            <translation>✉ {count} phản hồi mới</translation>
        </message>
        <message>
            <source>5. Kết quả xử lý phản ánh ({count} chưa đọc)…</source>
            <translation>5. Kết quả xử lý phản ánh ({count} chưa đọc)…</translation>
        </message>
        <message>
            <source>Đang khởi động máy chủ thử nghiệm…</source>
            <translation>Đang khởi động máy chủ thử nghiệm…</translation>
        </message>
        <message>
            <source>Không khởi động được máy chủ thử nghiệm ({error}); xem nhật ký.</source>
            <translation>Không khởi động được máy chủ thử nghiệm ({error}); xem nhật ký.</translation>
        </message>
        <message>
            <source>Đang gửi phiếu: {done}/{total}</source>
            <translation>Đang gửi phiếu: {done}/{total}</translation>
        </message>
        <message>
            <source>Có {count} phản hồi mới từ Hải quan về phiếu đánh giá của bạn.</source>
            <translation>Có {count} phản hồi mới từ Hải quan về phiếu đánh giá của bạn.</translation>
        </message>
        <message>
            <source>Có {count} phản hồi mới từ Hải quan cho {enterprise}.</source>
            <translation>Có {count} phản hồi mới từ Hải quan cho {enterprise}.</translation>
        </message>
        <message>
            <source>{count} phiếu bị từ chối: xem Hộp thư đi.</source>
            <translation>{count} phiếu bị từ chối: xem Hộp thư đi.</translation>
        </message>
        <message>
            <source>{count} phiếu của {enterprise} bị từ chối: xem Hộp thư đi.</source>
            <translation>{count} phiếu của {enterprise} bị từ chối: xem Hộp thư đi.</translation>
        </message>
    </context>
    <context>
        <name>ConfirmView</name>
        <message>
            <source>Kiểm tra lại nội dung dưới đây. Chọn Gửi để gửi phiếu đánh giá, hoặc Sửa để quay lại sửa.</source>
            <extracomment>A focused read-only line shows a ring like any other focused control.</extracomment>
            <translation>Kiểm tra lại nội dung dưới đây. Chọn Gửi để gửi phiếu đánh giá, hoặc Sửa để quay lại sửa.</translation>
        </message>
        <message>
            <source>Loại phiếu: {stage}</source>
            <translation>Loại phiếu: {stage}</translation>
        </message>
        <message>
            <source>Kết quả đánh giá</source>
            <translation>Kết quả đánh giá</translation>
        </message>
        <message>
            <source>Lý do: {reasons}</source>
            <translation>Lý do: {reasons}</translation>
        </message>
        <message>
            <source>Lý do: (không chọn)</source>
            <translation>Lý do: (không chọn)</translation>
        </message>
        <message>
            <source>Nội dung và người liên hệ</source>
            <translation>Nội dung và người liên hệ</translation>
        </message>
        <message>
            <source>Nội dung đánh giá, góp ý:</source>
            <translation>Nội dung đánh giá, góp ý:</translation>
        </message>
        <message>
            <source>(không có)</source>
            <translation>(không có)</translation>
        </message>
        <message>
            <source>Họ và tên người liên hệ:</source>
            <translation>Họ và tên người liên hệ:</translation>
        </message>
        <message>
            <source>Số điện thoại:</source>
            <translation>Số điện thoại:</translation>
        </message>
    </context>
    <context>
        <name>Connection</name>
        <message>
            <source>Chưa kết nối</source>
            <extracomment>What the connection field can show: a pass's ``ConnectionState`` or a ``BarState``. state -&gt; (words to translate, colour), for every member of both enums (keyed by their strings, which the members are). A value outside them is shown as given.</extracomment>
            <translation>Chưa kết nối</translation>
        </message>
        <message>
            <source>Đã kết nối</source>
            <translation>Đã kết nối</translation>
        </message>
        <message>
            <source>Đang đồng bộ…</source>
            <translation>Đang đồng bộ…</translation>
        </message>
        <message>
            <source>Mất kết nối</source>
            <translation>Mất kết nối</translation>
        </message>
        <message>
            <source>Máy chủ tạm chưa nhận</source>
            <translation>Máy chủ tạm chưa nhận</translation>
        </message>
        <message>
            <source>Đăng nhập không thành công</source>
            <translation>Đăng nhập không thành công</translation>
        </message>
        <message>
            <source>Chưa đăng nhập</source>
            <translation>Chưa đăng nhập</translation>
        </message>
        <message>
            <source>Lỗi kết nối</source>
            <translation>Lỗi kết nối</translation>
        </message>
        <message>
            <source>Lỗi trên máy tính này</source>
            <translation>Lỗi trên máy tính này</translation>
        </message>
    </context>
    <context>
        <name>DeclarationHeader</name>
        <message>
            <source>Thông tin tờ khai</source>
            <translation>Thông tin tờ khai</translation>
        </message>
        <message>
            <source>Chưa phân luồng</source>
            <translation>Chưa phân luồng</translation>
        </message>
        <message>
            <source>Số tờ khai:</source>
            <translation>Số tờ khai:</translation>
        </message>
        <message>
            <source>Mã loại hình:</source>
            <translation>Mã loại hình:</translation>
        </message>
        <message>
            <source>Luồng:</source>
            <translation>Luồng:</translation>
        </message>
        <message>
            <source>Trạng thái:</source>
            <translation>Trạng thái:</translation>
        </message>
        <message>
            <source>Ngày đăng ký:</source>
            <translation>Ngày đăng ký:</translation>
        </message>
        <message>
            <source>Chi cục hải quan:</source>
            <translation>Chi cục hải quan:</translation>
        </message>
    </context>
    <context>
        <name>DeclarationTableModel</name>
        <message>
            <source>Số tờ khai</source>
            <extracomment>The declaration's database id, for callers that must find a row again after a reload. The declaration number (the business key). The raw rating state ("unrated", ...). The DeclarationStatus value. Rows shown at once after a sort or filter; the rest of the id list follows from a worker. The complete id list is in place (after a sort, a filter or a refresh). Fresh counts per status and rating state (after the data changed). Loading the id list failed; the previous list stays.</extracomment>
            <translation>Số tờ khai</translation>
        </message>
        <message>
            <source>Loại hình</source>
            <translation>Loại hình</translation>
        </message>
        <message>
            <source>Chi cục hải quan</source>
            <translation>Chi cục hải quan</translation>
        </message>
        <message>
            <source>Luồng</source>
            <translation>Luồng</translation>
        </message>
        <message>
            <source>Ngày đăng ký</source>
            <translation>Ngày đăng ký</translation>
        </message>
        <message>
            <source>Trạng thái</source>
            <translation>Trạng thái</translation>
        </message>
        <message>
            <source>Đánh giá</source>
            <translation>Đánh giá</translation>
        </message>
        <message>
            <source>Chỉ đánh giá khi tờ khai đã giải phóng hàng, mang hàng về bảo quản hoặc thông quan.</source>
            <translation>Chỉ đánh giá khi tờ khai đã giải phóng hàng, mang hàng về bảo quản hoặc thông quan.</translation>
        </message>
    </context>
    <context>
        <name>Dialogs</name>
        <message>
            <source>Đó&amp;ng</source>
            <extracomment>(key returned to the caller, button text shown)</extracomment>
            <translation>Đó&amp;ng</translation>
        </message>
    </context>
    <context>
        <name>EnterpriseListDialog</name>
        <message>
            <source>Danh sách doanh nghiệp</source>
            <translation>Danh sách doanh nghiệp</translation>
        </message>
        <message>
            <source>Mã số thuế</source>
            <translation>Mã số thuế</translation>
        </message>
        <message>
            <source>Tên doanh nghiệp</source>
            <translation>Tên doanh nghiệp</translation>
        </message>
        <message>
            <source>Máy chủ</source>
            <translation>Máy chủ</translation>
        </message>
        <message>
            <source>Kết nối</source>
            <translation>Kết nối</translation>
        </message>
        <message>
            <source>Chờ gửi</source>
            <translation>Chờ gửi</translation>
        </message>
        <message>
            <source>&amp;Thêm…</source>
            <translation>&amp;Thêm…</translation>
        </message>
        <message>
            <source>Đăng nhậ&amp;p…</source>
            <translation>Đăng nhậ&amp;p…</translation>
        </message>
        <message>
            <source>&amp;Làm việc cho doanh nghiệp này</source>
            <translation>&amp;Làm việc cho doanh nghiệp này</translation>
        </message>
        <message>
            <source>&amp;Xóa khỏi danh sách…</source>
            <translation>&amp;Xóa khỏi danh sách…</translation>
        </message>
        <message>
            <source>Đó&amp;ng</source>
            <translation>Đó&amp;ng</translation>
        </message>
        <message>
            <source>máy chủ thử nghiệm trong máy</source>
            <translation>máy chủ thử nghiệm trong máy</translation>
        </message>
        <message>
            <source>Xóa {name} khỏi danh sách doanh nghiệp? Chương trình sẽ đăng xuất doanh nghiệp này và quên mật khẩu đã lưu.

Vẫn được giữ trong máy, không bị xóa: {declarations} tờ khai, {waiting} phiếu chưa gửi, {requests} yêu cầu hỗ trợ. Thêm lại mã số thuế này để xem và gửi tiếp.</source>
            <translation>Xóa {name} khỏi danh sách doanh nghiệp? Chương trình sẽ đăng xuất doanh nghiệp này và quên mật khẩu đã lưu.

Vẫn được giữ trong máy, không bị xóa: {declarations} tờ khai, {waiting} phiếu chưa gửi, {requests} yêu cầu hỗ trợ. Thêm lại mã số thuế này để xem và gửi tiếp.</translation>
        </message>
        <message>
            <source>Lưu ý: {waiting} phiếu chưa gửi sẽ không được gửi cho đến khi bạn thêm lại và đăng nhập doanh nghiệp này.</source>
            <translation>Lưu ý: {waiting} phiếu chưa gửi sẽ không được gửi cho đến khi bạn thêm lại và đăng nhập doanh nghiệp này.</translation>
        </message>
        <message>
            <source>Xóa doanh nghiệp khỏi danh sách</source>
            <translation>Xóa doanh nghiệp khỏi danh sách</translation>
        </message>
        <message>
            <source>&amp;Xóa khỏi danh sách</source>
            <translation>&amp;Xóa khỏi danh sách</translation>
        </message>
        <message>
            <source>&amp;Giữ lại</source>
            <translation>&amp;Giữ lại</translation>
        </message>
    </context>
    <context>
        <name>EnterpriseMenu</name>
        <message>
            <source>5. Chọn doanh nghiệp</source>
            <translation>5. Chọn doanh nghiệp</translation>
        </message>
        <message>
            <source>6. Danh sách doanh nghiệp…</source>
            <translation>6. Danh sách doanh nghiệp…</translation>
        </message>
        <message>
            <source>7. Tất cả doanh nghiệp…</source>
            <translation>7. Tất cả doanh nghiệp…</translation>
        </message>
    </context>
    <context>
        <name>EnterpriseOverview</name>
        <message>
            <source>Tất cả doanh nghiệp</source>
            <translation>Tất cả doanh nghiệp</translation>
        </message>
        <message>
            <source>Chọn một dòng và bấm Enter để làm việc cho doanh nghiệp đó.</source>
            <translation>Chọn một dòng và bấm Enter để làm việc cho doanh nghiệp đó.</translation>
        </message>
        <message>
            <source>&amp;Mở doanh nghiệp</source>
            <translation>&amp;Mở doanh nghiệp</translation>
        </message>
        <message>
            <source>Đó&amp;ng</source>
            <translation>Đó&amp;ng</translation>
        </message>
    </context>
    <context>
        <name>EnterpriseSwitcher</name>
        <message>
            <source>Doanh nghiệp:</source>
            <extracomment>Ctrl+E with nothing to switch to: the list of enterprises, where "Thêm…" adds another, is what the user wants next (the session opens it).</extracomment>
            <translation>Doanh nghiệp:</translation>
        </message>
        <message>
            <source>Doanh nghiệp đang làm việc</source>
            <translation>Doanh nghiệp đang làm việc</translation>
        </message>
        <message>
            <source>Chọn doanh nghiệp đang làm việc (Ctrl+E)</source>
            <translation>Chọn doanh nghiệp đang làm việc (Ctrl+E)</translation>
        </message>
        <message>
            <source>Chọn doanh nghiệp đang làm việc</source>
            <translation>Chọn doanh nghiệp đang làm việc</translation>
        </message>
        <message>
            <source>Chỉ có một doanh nghiệp; thêm doanh nghiệp khác ở Danh sách doanh nghiệp (Ctrl+Shift+L) → Thêm…</source>
            <translation>Chỉ có một doanh nghiệp; thêm doanh nghiệp khác ở Danh sách doanh nghiệp (Ctrl+Shift+L) → Thêm…</translation>
        </message>
    </context>
    <context>
        <name>FileDialogs</name>
        <message>
            <source>Chọn ảnh chụp màn hình</source>
            <translation>Chọn ảnh chụp màn hình</translation>
        </message>
        <message>
            <source>Ảnh (*.png *.jpg *.jpeg)</source>
            <translation>Ảnh (*.png *.jpg *.jpeg)</translation>
        </message>
        <message>
            <source>Xuất gói hỗ trợ</source>
            <translation>Xuất gói hỗ trợ</translation>
        </message>
        <message>
            <source>Gói hỗ trợ (*.zip)</source>
            <translation>Gói hỗ trợ (*.zip)</translation>
        </message>
    </context>
    <context>
        <name>GroupModel</name>
        <message>
            <source>Nhóm tờ khai</source>
            <extracomment>Rating filter keys in the order the filter bar lists them.</extracomment>
            <translation>Nhóm tờ khai</translation>
        </message>
        <message>
            <source>Tất cả tờ khai</source>
            <translation>Tất cả tờ khai</translation>
        </message>
        <message>
            <source>Đánh giá mức độ hài lòng</source>
            <translation>Đánh giá mức độ hài lòng</translation>
        </message>
        <message>
            <source>Trạng thái tờ khai</source>
            <translation>Trạng thái tờ khai</translation>
        </message>
    </context>
    <context>
        <name>GroupTree</name>
        <message>
            <source>Nhóm tờ khai</source>
            <translation>Nhóm tờ khai</translation>
        </message>
    </context>
    <context>
        <name>Groups</name>
        <message>
            <source>Tất cả</source>
            <translation>Tất cả</translation>
        </message>
        <message>
            <source>Đang làm thủ tục</source>
            <translation>Đang làm thủ tục</translation>
        </message>
        <message>
            <source>Đã hoàn thành thủ tục</source>
            <translation>Đã hoàn thành thủ tục</translation>
        </message>
    </context>
    <context>
        <name>Handback</name>
        <message>
            <source>Lưu thiết lập đã sửa</source>
            <translation>Lưu thiết lập đã sửa</translation>
        </message>
        <message>
            <source>Thiết lập (*.json)</source>
            <translation>Thiết lập (*.json)</translation>
        </message>
        <message>
            <source>Nhập thiết lập từ bộ phận hỗ trợ</source>
            <translation>Nhập thiết lập từ bộ phận hỗ trợ</translation>
        </message>
    </context>
    <context>
        <name>HandbackDialog</name>
        <message>
            <source>Xuất thiết lập đã sửa cho người khai</source>
            <translation>Xuất thiết lập đã sửa cho người khai</translation>
        </message>
        <message>
            <source>Chỉ địa chỉ máy chủ và mã số thuế được gửi lại (không bao giờ có mật khẩu). Người khai nhập tệp bằng Trợ giúp → Nhập thiết lập từ bộ phận hỗ trợ…</source>
            <translation>Chỉ địa chỉ máy chủ và mã số thuế được gửi lại (không bao giờ có mật khẩu). Người khai nhập tệp bằng Trợ giúp → Nhập thiết lập từ bộ phận hỗ trợ…</translation>
        </message>
        <message>
            <source>Địa chỉ máy chủ</source>
            <translation>Địa chỉ máy chủ</translation>
        </message>
        <message>
            <source>Mã số thuế</source>
            <translation>Mã số thuế</translation>
        </message>
        <message>
            <source>Địa chỉ &amp;máy chủ:</source>
            <translation>Địa chỉ &amp;máy chủ:</translation>
        </message>
        <message>
            <source>Mã số &amp;thuế:</source>
            <translation>Mã số &amp;thuế:</translation>
        </message>
        <message>
            <source>&amp;Lưu tệp…</source>
            <translation>&amp;Lưu tệp…</translation>
        </message>
        <message>
            <source>&amp;Hủy</source>
            <translation>&amp;Hủy</translation>
        </message>
        <message>
            <source>Không ghi được tệp {path} ({error}). Hãy chọn nơi khác.</source>
            <translation>Không ghi được tệp {path} ({error}). Hãy chọn nơi khác.</translation>
        </message>
        <message>
            <source>Đã lưu thiết lập vào:
{path}

Gửi tệp này cho người khai.</source>
            <translation>Đã lưu thiết lập vào:
{path}

Gửi tệp này cho người khai.</translation>
        </message>
    </context>
    <context>
        <name>ImportHandbackAction</name>
        <message>
            <source>Nhập thiết lập từ bộ phận hỗ trợ…</source>
            <translation>Nhập thiết lập từ bộ phận hỗ trợ…</translation>
        </message>
        <message>
            <source>Nhập thiết lập từ bộ phận hỗ trợ</source>
            <translation>Nhập thiết lập từ bộ phận hỗ trợ</translation>
        </message>
        <message>
            <source>Tệp này được làm cho doanh nghiệp {theirs}, không phải {mine}. Không có gì được thay đổi; hãy xin bộ phận hỗ trợ tệp đúng.</source>
            <translation>Tệp này được làm cho doanh nghiệp {theirs}, không phải {mine}. Không có gì được thay đổi; hãy xin bộ phận hỗ trợ tệp đúng.</translation>
        </message>
        <message>
            <source>Thiết lập đã đúng như tệp; không có gì thay đổi.</source>
            <translation>Thiết lập đã đúng như tệp; không có gì thay đổi.</translation>
        </message>
        <message>
            <source>Bộ phận hỗ trợ đề nghị sửa:
{lines}

{note}

Áp dụng?</source>
            <translation>Bộ phận hỗ trợ đề nghị sửa:
{lines}

{note}

Áp dụng?</translation>
        </message>
        <message>
            <source>Áp dụng</source>
            <translation>Áp dụng</translation>
        </message>
        <message>
            <source>Không</source>
            <translation>Không</translation>
        </message>
        <message>
            <source>Đã lưu thiết lập mới. Hãy đăng nhập lại (Hệ thống → Đăng nhập máy chủ hải quan…) hoặc mở lại chương trình để dùng thiết lập này.</source>
            <translation>Đã lưu thiết lập mới. Hãy đăng nhập lại (Hệ thống → Đăng nhập máy chủ hải quan…) hoặc mở lại chương trình để dùng thiết lập này.</translation>
        </message>
    </context>
    <context>
        <name>Inbox</name>
        <message>
            <source>Phản ánh đúng – đã xử lý</source>
            <translation>Phản ánh đúng – đã xử lý</translation>
        </message>
        <message>
            <source>Phản ánh chưa có cơ sở</source>
            <translation>Phản ánh chưa có cơ sở</translation>
        </message>
        <message>
            <source>Đã giải thích, hướng dẫn</source>
            <translation>Đã giải thích, hướng dẫn</translation>
        </message>
        <message>
            <source>Bạn đã chấp nhận kết quả</source>
            <translation>Bạn đã chấp nhận kết quả</translation>
        </message>
        <message>
            <source>Bạn đã báo chưa giải quyết được</source>
            <translation>Bạn đã báo chưa giải quyết được</translation>
        </message>
    </context>
    <context>
        <name>InboxDialog</name>
        <message>
            <source>Kết quả xử lý phản ánh của Hải quan</source>
            <translation>Kết quả xử lý phản ánh của Hải quan</translation>
        </message>
        <message>
            <source>Danh sách phản hồi</source>
            <extracomment>Whose answers these are: the current enterprise's name and tax code.</extracomment>
            <translation>Danh sách phản hồi</translation>
        </message>
        <message>
            <source>Nếu chưa giải quyết được, hãy nói rõ vấn đề còn tồn tại…</source>
            <translation>Nếu chưa giải quyết được, hãy nói rõ vấn đề còn tồn tại…</translation>
        </message>
        <message>
            <source>Ý kiến thêm</source>
            <translation>Ý kiến thêm</translation>
        </message>
        <message>
            <source>&amp;Chấp nhận kết quả</source>
            <translation>&amp;Chấp nhận kết quả</translation>
        </message>
        <message>
            <source>C&amp;hưa giải quyết được vấn đề</source>
            <translation>C&amp;hưa giải quyết được vấn đề</translation>
        </message>
        <message>
            <source>Đó&amp;ng</source>
            <translation>Đó&amp;ng</translation>
        </message>
        <message>
            <source>Nội dung phản hồi</source>
            <translation>Nội dung phản hồi</translation>
        </message>
        <message>
            <source>Chưa có phản hồi nào. Khi bạn đánh giá 1–2 sao (Không hài lòng, Rất không hài lòng), hải quan xác minh và trả lời; câu trả lời hiện ở đây và trên thanh trạng thái (✉).</source>
            <translation>Chưa có phản hồi nào. Khi bạn đánh giá 1–2 sao (Không hài lòng, Rất không hài lòng), hải quan xác minh và trả lời; câu trả lời hiện ở đây và trên thanh trạng thái (✉).</translation>
        </message>
        <message>
            <source>Kết quả xử lý</source>
            <translation>Kết quả xử lý</translation>
        </message>
        <message>
            <source>Nội dung trả lời</source>
            <translation>Nội dung trả lời</translation>
        </message>
        <message>
            <source>Phiếu đánh giá đã gửi</source>
            <translation>Phiếu đánh giá đã gửi</translation>
        </message>
        <message>
            <source>Tờ khai {number} – {result}</source>
            <translation>Tờ khai {number} – {result}</translation>
        </message>
        <message>
            <source>(Phiếu không còn trên máy này)</source>
            <translation>(Phiếu không còn trên máy này)</translation>
        </message>
        <message>
            <source>Tờ khai {number}</source>
            <translation>Tờ khai {number}</translation>
        </message>
    </context>
    <context>
        <name>LoginDialog</name>
        <message>
            <source>Đăng nhập hệ thống đánh giá của Hải quan</source>
            <translation>Đăng nhập hệ thống đánh giá của Hải quan</translation>
        </message>
        <message>
            <source>Địa chỉ máy chủ</source>
            <translation>Địa chỉ máy chủ</translation>
        </message>
        <message>
            <source>ví dụ 0100109106</source>
            <translation>ví dụ 0100109106</translation>
        </message>
        <message>
            <source>Mã số thuế</source>
            <translation>Mã số thuế</translation>
        </message>
        <message>
            <source>Mật khẩu</source>
            <translation>Mật khẩu</translation>
        </message>
        <message>
            <source>&amp;Ghi nhớ mật khẩu trên máy này</source>
            <translation>&amp;Ghi nhớ mật khẩu trên máy này</translation>
        </message>
        <message>
            <source>Máy &amp;chủ:</source>
            <translation>Máy &amp;chủ:</translation>
        </message>
        <message>
            <source>&amp;Mã số thuế:</source>
            <translation>&amp;Mã số thuế:</translation>
        </message>
        <message>
            <source>Mật &amp;khẩu:</source>
            <translation>Mật &amp;khẩu:</translation>
        </message>
        <message>
            <source>Đăng &amp;nhập</source>
            <translation>Đăng &amp;nhập</translation>
        </message>
        <message>
            <source>&amp;Hủy</source>
            <translation>&amp;Hủy</translation>
        </message>
        <message>
            <source>Vui lòng nhập mật khẩu.</source>
            <translation>Vui lòng nhập mật khẩu.</translation>
        </message>
        <message>
            <source>Đang đăng nhập…</source>
            <translation>Đang đăng nhập…</translation>
        </message>
    </context>
    <context>
        <name>MainWindow</name>
        <message>
            <source>Đánh giá mức độ hài lòng — Khai báo hải quan</source>
            <extracomment>"Đồng bộ ngay" was chosen. A rating sheet was committed to the outbox (declaration number).</extracomment>
            <translation>Đánh giá mức độ hài lòng — Khai báo hải quan</translation>
        </message>
        <message>
            <source>1. Đồng bộ ngay</source>
            <translation>1. Đồng bộ ngay</translation>
        </message>
        <message>
            <source>Thoát</source>
            <translation>Thoát</translation>
        </message>
        <message>
            <source>1. Danh sách tờ khai</source>
            <translation>1. Danh sách tờ khai</translation>
        </message>
        <message>
            <source>2. Tìm tờ khai theo số</source>
            <translation>2. Tìm tờ khai theo số</translation>
        </message>
        <message>
            <source>3. Làm mới danh sách</source>
            <translation>3. Làm mới danh sách</translation>
        </message>
        <message>
            <source>1. Đánh giá mức độ hài lòng</source>
            <translation>1. Đánh giá mức độ hài lòng</translation>
        </message>
        <message>
            <source>2. Phản ánh vướng mắc trong quá trình thông quan</source>
            <translation>2. Phản ánh vướng mắc trong quá trình thông quan</translation>
        </message>
        <message>
            <source>3. Danh sách tờ khai chưa đánh giá</source>
            <translation>3. Danh sách tờ khai chưa đánh giá</translation>
        </message>
        <message>
            <source>Hướng dẫn đánh giá</source>
            <translation>Hướng dẫn đánh giá</translation>
        </message>
        <message>
            <source>Giới thiệu</source>
            <translation>Giới thiệu</translation>
        </message>
        <message>
            <source>Thanh menu</source>
            <translation>Thanh menu</translation>
        </message>
        <message>
            <source>&amp;Hệ thống</source>
            <translation>&amp;Hệ thống</translation>
        </message>
        <message>
            <source>2. Ngôn ngữ / Language</source>
            <translation>2. Ngôn ngữ / Language</translation>
        </message>
        <message>
            <source>&amp;Tờ khai xuất nhập khẩu</source>
            <translation>&amp;Tờ khai xuất nhập khẩu</translation>
        </message>
        <message>
            <source>&amp;Nghiệp vụ khác</source>
            <translation>&amp;Nghiệp vụ khác</translation>
        </message>
        <message>
            <source>Trợ &amp;giúp</source>
            <translation>Trợ &amp;giúp</translation>
        </message>
        <message>
            <source>Thanh công cụ</source>
            <translation>Thanh công cụ</translation>
        </message>
        <message>
            <source>Đánh giá</source>
            <translation>Đánh giá</translation>
        </message>
        <message>
            <source>Phản ánh vướng mắc</source>
            <translation>Phản ánh vướng mắc</translation>
        </message>
        <message>
            <source>Chưa đánh giá</source>
            <translation>Chưa đánh giá</translation>
        </message>
        <message>
            <source>Làm mới</source>
            <translation>Làm mới</translation>
        </message>
        <message>
            <source>Đồng bộ</source>
            <translation>Đồng bộ</translation>
        </message>
        <message>
            <source>T&amp;rạng thái:</source>
            <translation>T&amp;rạng thái:</translation>
        </message>
        <message>
            <source>Đánh g&amp;iá:</source>
            <translation>Đánh g&amp;iá:</translation>
        </message>
        <message>
            <source>&amp;Số tờ khai:</source>
            <translation>&amp;Số tờ khai:</translation>
        </message>
        <message>
            <source>Gõ số tờ khai</source>
            <translation>Gõ số tờ khai</translation>
        </message>
        <message>
            <source>Tìm các tờ khai có số bắt đầu bằng các chữ số đã gõ</source>
            <translation>Tìm các tờ khai có số bắt đầu bằng các chữ số đã gõ</translation>
        </message>
        <message>
            <source>Xóa số đã gõ</source>
            <translation>Xóa số đã gõ</translation>
        </message>
        <message>
            <source>Danh sách tờ khai</source>
            <translation>Danh sách tờ khai</translation>
        </message>
        <message>
            <source>Đã lưu phiếu tờ khai {number}, chờ gửi.</source>
            <translation>Đã lưu phiếu tờ khai {number}, chờ gửi.</translation>
        </message>
        <message>
            <source>Chọn một tờ khai chưa đánh giá rồi nhấn Enter để đánh giá.</source>
            <translation>Chọn một tờ khai chưa đánh giá rồi nhấn Enter để đánh giá.</translation>
        </message>
        <message>
            <source>Chọn một tờ khai đang làm thủ tục (chưa thông quan) để phản ánh vướng mắc.</source>
            <translation>Chọn một tờ khai đang làm thủ tục (chưa thông quan) để phản ánh vướng mắc.</translation>
        </message>
        <message>
            <source>Số tờ khai chỉ gồm chữ số.</source>
            <translation>Số tờ khai chỉ gồm chữ số.</translation>
        </message>
        <message>
            <source>Hiển thị {count} tờ khai</source>
            <translation>Hiển thị {count} tờ khai</translation>
        </message>
        <message>
            <source>Không tải được danh sách tờ khai: {error}</source>
            <translation>Không tải được danh sách tờ khai: {error}</translation>
        </message>
        <message>
            <source>{total} tờ khai, {unrated} chưa đánh giá</source>
            <translation>{total} tờ khai, {unrated} chưa đánh giá</translation>
        </message>
        <message>
            <source>Ngôn ngữ mới được dùng từ lần mở chương trình sau.</source>
            <translation>Ngôn ngữ mới được dùng từ lần mở chương trình sau.</translation>
        </message>
        <message>
            <source>1. Khi tờ khai được giải phóng hàng, mang hàng về bảo quản hoặc thông quan, chương trình mời bạn đánh giá mức độ hài lòng.
2. Chọn số sao (1–5) cho từng công chức, đội công tác, chi cục, khâu nghiệp vụ; chọn lý do và nhập nội dung nếu muốn. Đánh giá 1–2 sao cần nội dung, họ tên và số điện thoại để hải quan xác minh, phản hồi.
3. Chọn Ghi để xem lại phiếu, rồi Gửi để gửi (hoặc Sửa để quay lại).
4. Nếu Bỏ qua, tờ khai vẫn nằm trong danh sách chưa đánh giá: menu Nghiệp vụ khác → Đánh giá mức độ hài lòng.
Trong quá trình thông quan, chọn tờ khai rồi Phản ánh vướng mắc để báo vướng mắc.</source>
            <translation>1. Khi tờ khai được giải phóng hàng, mang hàng về bảo quản hoặc thông quan, chương trình mời bạn đánh giá mức độ hài lòng.
2. Chọn số sao (1–5) cho từng công chức, đội công tác, chi cục, khâu nghiệp vụ; chọn lý do và nhập nội dung nếu muốn. Đánh giá 1–2 sao cần nội dung, họ tên và số điện thoại để hải quan xác minh, phản hồi.
3. Chọn Ghi để xem lại phiếu, rồi Gửi để gửi (hoặc Sửa để quay lại).
4. Nếu Bỏ qua, tờ khai vẫn nằm trong danh sách chưa đánh giá: menu Nghiệp vụ khác → Đánh giá mức độ hài lòng.
Trong quá trình thông quan, chọn tờ khai rồi Phản ánh vướng mắc để báo vướng mắc.</translation>
        </message>
        <message>
            <source>Đánh giá mức độ hài lòng về chất lượng phục vụ của công chức hải quan.
Phiên bản {version}.</source>
            <translation>Đánh giá mức độ hài lòng về chất lượng phục vụ của công chức hải quan.
Phiên bản {version}.</translation>
        </message>
    </context>
    <context>
        <name>OpenBundleAction</name>
        <message>
            <source>Mở gói hỗ trợ…</source>
            <translation>Mở gói hỗ trợ…</translation>
        </message>
        <message>
            <source>Không mở được gói hỗ trợ {name}. Hãy thử lại.</source>
            <translation>Không mở được gói hỗ trợ {name}. Hãy thử lại.</translation>
        </message>
        <message>
            <source>Đang mở gói hỗ trợ {name} trong một cửa sổ riêng…</source>
            <translation>Đang mở gói hỗ trợ {name} trong một cửa sổ riêng…</translation>
        </message>
    </context>
    <context>
        <name>OutboxKind</name>
        <message>
            <source>Phiếu đánh giá</source>
            <translation>Phiếu đánh giá</translation>
        </message>
        <message>
            <source>Yêu cầu hỗ trợ</source>
            <translation>Yêu cầu hỗ trợ</translation>
        </message>
        <message>
            <source>Ý kiến về kết quả xử lý</source>
            <translation>Ý kiến về kết quả xử lý</translation>
        </message>
    </context>
    <context>
        <name>OutboxModel</name>
        <message>
            <source>Loại</source>
            <translation>Loại</translation>
        </message>
        <message>
            <source>Tờ khai / nghiệp vụ</source>
            <translation>Tờ khai / nghiệp vụ</translation>
        </message>
        <message>
            <source>Trạng thái</source>
            <translation>Trạng thái</translation>
        </message>
        <message>
            <source>Lý do</source>
            <translation>Lý do</translation>
        </message>
        <message>
            <source>Số lần gửi</source>
            <translation>Số lần gửi</translation>
        </message>
        <message>
            <source>Lần gửi tiếp</source>
            <translation>Lần gửi tiếp</translation>
        </message>
        <message>
            <source>Chưa gửi lần nào: được gửi ở lần đồng bộ tới, khi máy tính có kết nối và đã đăng nhập máy chủ hải quan.</source>
            <translation>Chưa gửi lần nào: được gửi ở lần đồng bộ tới, khi máy tính có kết nối và đã đăng nhập máy chủ hải quan.</translation>
        </message>
        <message>
            <source>Đang gửi đến máy chủ hải quan…</source>
            <translation>Đang gửi đến máy chủ hải quan…</translation>
        </message>
        <message>
            <source>Ở lần đồng bộ tới</source>
            <translation>Ở lần đồng bộ tới</translation>
        </message>
    </context>
    <context>
        <name>OutboxPanel</name>
        <message>
            <source>Hộp thư đi – phiếu chưa gửi và bị từ chối</source>
            <translation>Hộp thư đi – phiếu chưa gửi và bị từ chối</translation>
        </message>
        <message>
            <source>Danh sách phiếu chưa gửi</source>
            <extracomment>Whose outbox this is: the current enterprise's name and tax code. What to do about what the table shows (never sent, rejected).</extracomment>
            <translation>Danh sách phiếu chưa gửi</translation>
        </message>
        <message>
            <source>&amp;Gửi lại ngay</source>
            <translation>&amp;Gửi lại ngay</translation>
        </message>
        <message>
            <source>&amp;Sửa và gửi lại…</source>
            <translation>&amp;Sửa và gửi lại…</translation>
        </message>
        <message>
            <source>&amp;Xóa khỏi hộp thư đi…</source>
            <translation>&amp;Xóa khỏi hộp thư đi…</translation>
        </message>
        <message>
            <source>Đó&amp;ng</source>
            <translation>Đó&amp;ng</translation>
        </message>
        <message>
            <source>{waiting} phiếu chờ gửi, {failed} phiếu cần xử lý</source>
            <translation>{waiting} phiếu chờ gửi, {failed} phiếu cần xử lý</translation>
        </message>
        <message>
            <source>Hộp thư đi trống: mọi phiếu đánh giá và câu hỏi đã được gửi đến hải quan.</source>
            <translation>Hộp thư đi trống: mọi phiếu đánh giá và câu hỏi đã được gửi đến hải quan.</translation>
        </message>
        <message>
            <source>Phiếu chưa gửi lần nào được gửi tự động khi có kết nối. Nếu chưa đăng nhập, chọn Hệ thống → Đăng nhập máy chủ hải quan; “Gửi lại ngay” gửi ngay khi có thể.</source>
            <translation>Phiếu chưa gửi lần nào được gửi tự động khi có kết nối. Nếu chưa đăng nhập, chọn Hệ thống → Đăng nhập máy chủ hải quan; “Gửi lại ngay” gửi ngay khi có thể.</translation>
        </message>
        <message>
            <source>Phiếu bị từ chối: chọn phiếu rồi “Sửa và gửi lại…” để sửa theo lý do máy chủ nêu.</source>
            <translation>Phiếu bị từ chối: chọn phiếu rồi “Sửa và gửi lại…” để sửa theo lý do máy chủ nêu.</translation>
        </message>
        <message>
            <source>Xóa khỏi hộp thư đi</source>
            <translation>Xóa khỏi hộp thư đi</translation>
        </message>
        <message>
            <source>Xóa {kind} {subject}? Nội dung này sẽ không được gửi đến hải quan và không thể khôi phục.</source>
            <translation>Xóa {kind} {subject}? Nội dung này sẽ không được gửi đến hải quan và không thể khôi phục.</translation>
        </message>
        <message>
            <source>Xóa</source>
            <translation>Xóa</translation>
        </message>
        <message>
            <source>Không xóa</source>
            <translation>Không xóa</translation>
        </message>
    </context>
    <context>
        <name>OutboxState</name>
        <message>
            <source>Chờ gửi</source>
            <translation>Chờ gửi</translation>
        </message>
        <message>
            <source>Đang gửi</source>
            <translation>Đang gửi</translation>
        </message>
        <message>
            <source>Bị từ chối</source>
            <translation>Bị từ chối</translation>
        </message>
        <message>
            <source>Cần kiểm tra</source>
            <translation>Cần kiểm tra</translation>
        </message>
        <message>
            <source>Đã gửi</source>
            <translation>Đã gửi</translation>
        </message>
    </context>
    <context>
        <name>OverviewModel</name>
        <message>
            <source>Doanh nghiệp</source>
            <translation>Doanh nghiệp</translation>
        </message>
        <message>
            <source>Chưa đánh giá</source>
            <translation>Chưa đánh giá</translation>
        </message>
        <message>
            <source>Chờ gửi</source>
            <translation>Chờ gửi</translation>
        </message>
        <message>
            <source>Phản hồi mới</source>
            <translation>Phản hồi mới</translation>
        </message>
        <message>
            <source>Kết nối</source>
            <translation>Kết nối</translation>
        </message>
        <message>
            <source>Đồng bộ tốt lần cuối</source>
            <translation>Đồng bộ tốt lần cuối</translation>
        </message>
        <message>
            <source>Chưa đồng bộ</source>
            <translation>Chưa đồng bộ</translation>
        </message>
    </context>
    <context>
        <name>RatingDialog</name>
        <message>
            <source>Vị trí trong hàng đợi</source>
            <extracomment>A sheet was committed with its outbox row (declaration number). "Xem" in the skip warning: show the list of unrated declarations.</extracomment>
            <translation>Vị trí trong hàng đợi</translation>
        </message>
        <message>
            <source>Phiếu đánh giá</source>
            <translation>Phiếu đánh giá</translation>
        </message>
        <message>
            <source>&amp;Bỏ qua</source>
            <translation>&amp;Bỏ qua</translation>
        </message>
        <message>
            <source>Không đánh giá tờ khai này lúc này</source>
            <translation>Không đánh giá tờ khai này lúc này</translation>
        </message>
        <message>
            <source>&amp;Tiếp</source>
            <translation>&amp;Tiếp</translation>
        </message>
        <message>
            <source>Sang tờ khai tiếp theo, giữ nội dung đã nhập</source>
            <translation>Sang tờ khai tiếp theo, giữ nội dung đã nhập</translation>
        </message>
        <message>
            <source>Đó&amp;ng</source>
            <translation>Đó&amp;ng</translation>
        </message>
        <message>
            <source>&amp;Ghi</source>
            <translation>&amp;Ghi</translation>
        </message>
        <message>
            <source>Kiểm tra và xem lại phiếu trước khi gửi</source>
            <translation>Kiểm tra và xem lại phiếu trước khi gửi</translation>
        </message>
        <message>
            <source>Nội dung sẽ gửi</source>
            <translation>Nội dung sẽ gửi</translation>
        </message>
        <message>
            <source>&amp;Sửa</source>
            <translation>&amp;Sửa</translation>
        </message>
        <message>
            <source>Quay lại sửa phiếu, giữ nguyên nội dung đã nhập</source>
            <translation>Quay lại sửa phiếu, giữ nguyên nội dung đã nhập</translation>
        </message>
        <message>
            <source>&amp;Gửi</source>
            <translation>&amp;Gửi</translation>
        </message>
        <message>
            <source>Lưu và gửi phiếu đánh giá đến cơ quan hải quan</source>
            <translation>Lưu và gửi phiếu đánh giá đến cơ quan hải quan</translation>
        </message>
        <message>
            <source>&amp;Xem</source>
            <translation>&amp;Xem</translation>
        </message>
        <message>
            <source>Thêm {count} tờ khai vừa hoàn thành thủ tục đã vào hàng đợi đánh giá (nay có {total} tờ khai).</source>
            <translation>Thêm {count} tờ khai vừa hoàn thành thủ tục đã vào hàng đợi đánh giá (nay có {total} tờ khai).</translation>
        </message>
        <message>
            <source>Đánh giá mức độ hài lòng</source>
            <translation>Đánh giá mức độ hài lòng</translation>
        </message>
        <message>
            <source>Phản ánh vướng mắc</source>
            <translation>Phản ánh vướng mắc</translation>
        </message>
        <message>
            <source>Tờ khai {position} / {total}</source>
            <translation>Tờ khai {position} / {total}</translation>
        </message>
        <message>
            <source>Tờ khai số {number}, {position} / {total}</source>
            <translation>Tờ khai số {number}, {position} / {total}</translation>
        </message>
        <message>
            <source>Chưa gửi được</source>
            <translation>Chưa gửi được</translation>
        </message>
        <message>
            <source>Chưa lưu được</source>
            <translation>Chưa lưu được</translation>
        </message>
        <message>
            <source>Đã lưu phiếu tờ khai {number}, chờ gửi.</source>
            <translation>Đã lưu phiếu tờ khai {number}, chờ gửi.</translation>
        </message>
        <message>
            <source>Tờ khai chưa được đánh giá</source>
            <translation>Tờ khai chưa được đánh giá</translation>
        </message>
        <message>
            <source>Tờ khai {number} chưa được đánh giá mức độ hài lòng.

Bạn có thể đánh giá sau: chọn Xem để mở danh sách tờ khai chưa đánh giá, hoặc vào menu Nghiệp vụ khác → Đánh giá mức độ hài lòng.</source>
            <translation>Tờ khai {number} chưa được đánh giá mức độ hài lòng.

Bạn có thể đánh giá sau: chọn Xem để mở danh sách tờ khai chưa đánh giá, hoặc vào menu Nghiệp vụ khác → Đánh giá mức độ hài lòng.</translation>
        </message>
        <message>
            <source>{count} tờ khai chưa được đánh giá mức độ hài lòng.

Bạn có thể đánh giá sau: chọn Xem để mở danh sách tờ khai chưa đánh giá, hoặc vào menu Nghiệp vụ khác → Đánh giá mức độ hài lòng.</source>
            <translation>{count} tờ khai chưa được đánh giá mức độ hài lòng.

Bạn có thể đánh giá sau: chọn Xem để mở danh sách tờ khai chưa đánh giá, hoặc vào menu Nghiệp vụ khác → Đánh giá mức độ hài lòng.</translation>
        </message>
    </context>
    <context>
        <name>RatingStage</name>
        <message>
            <source>Đánh giá sau khi hoàn thành thủ tục</source>
            <translation>Đánh giá sau khi hoàn thành thủ tục</translation>
        </message>
        <message>
            <source>Phản ánh vướng mắc trong quá trình thông quan</source>
            <translation>Phản ánh vướng mắc trong quá trình thông quan</translation>
        </message>
    </context>
    <context>
        <name>RatingState</name>
        <message>
            <source>Chưa đánh giá</source>
            <translation>Chưa đánh giá</translation>
        </message>
        <message>
            <source>Chờ gửi</source>
            <translation>Chờ gửi</translation>
        </message>
        <message>
            <source>Đã gửi</source>
            <translation>Đã gửi</translation>
        </message>
        <message>
            <source>Bị từ chối</source>
            <translation>Bị từ chối</translation>
        </message>
        <message>
            <source>Chưa đến lượt đánh giá</source>
            <translation>Chưa đến lượt đánh giá</translation>
        </message>
    </context>
    <context>
        <name>ReplayController</name>
        <message>
            <source>Gói hỗ trợ không cho biết mã số thuế của doanh nghiệp: không phát lại được.</source>
            <extracomment>Each enterprise's password for this run, by tax code: a broker's bundle holds several. The replay is running (the server answers under its scenario); carries ``Prepared``. Could not start: what to tell the user. The scenario in force changed (its spec).</extracomment>
            <translation>Gói hỗ trợ không cho biết mã số thuế của doanh nghiệp: không phát lại được.</translation>
        </message>
        <message>
            <source>Cửa sổ không mở gói hỗ trợ.</source>
            <translation>Cửa sổ không mở gói hỗ trợ.</translation>
        </message>
        <message>
            <source>Không phát lại được ({error}); chi tiết đã được ghi vào nhật ký.</source>
            <translation>Không phát lại được ({error}); chi tiết đã được ghi vào nhật ký.</translation>
        </message>
    </context>
    <context>
        <name>SheetForm</name>
        <message>
            <source>Đối tượng đánh giá</source>
            <extracomment>Every reason code once, in the order the levels list them from 5 stars down to 1. A field with an error: a red border and a pale red ground; focused, the border turns to the focus colour (a border set by a style sheet replaces the style's own focus frame, so without this rule the focus on an invalid field would not show) while the ground stays red. Any score changed (the dialog updates which fields are required).</extracomment>
            <translation>Đối tượng đánh giá</translation>
        </message>
        <message>
            <source>Chọn từ 1 đến 5 sao cho từng đối tượng (phím mũi tên hoặc số 1–5). Có thể bỏ trống đối tượng không muốn đánh giá.</source>
            <translation>Chọn từ 1 đến 5 sao cho từng đối tượng (phím mũi tên hoặc số 1–5). Có thể bỏ trống đối tượng không muốn đánh giá.</translation>
        </message>
        <message>
            <source>Nội dung và người liên hệ</source>
            <translation>Nội dung và người liên hệ</translation>
        </message>
        <message>
            <source>Nội dung đánh giá, góp ý hoặc vướng mắc gặp phải (không bắt buộc khi 3–5 sao)</source>
            <translation>Nội dung đánh giá, góp ý hoặc vướng mắc gặp phải (không bắt buộc khi 3–5 sao)</translation>
        </message>
        <message>
            <source>Nội dung đánh giá, góp ý</source>
            <translation>Nội dung đánh giá, góp ý</translation>
        </message>
        <message>
            <source>Họ và tên người liên hệ</source>
            <translation>Họ và tên người liên hệ</translation>
        </message>
        <message>
            <source>Số điện thoại</source>
            <translation>Số điện thoại</translation>
        </message>
        <message>
            <source>(*) Bắt buộc khi có đánh giá 1–2 sao: hải quan sẽ xác minh và liên hệ lại với người đánh giá.</source>
            <translation>(*) Bắt buộc khi có đánh giá 1–2 sao: hải quan sẽ xác minh và liên hệ lại với người đánh giá.</translation>
        </message>
        <message>
            <source>Họ tên và số điện thoại giúp hải quan liên hệ lại khi cần (không bắt buộc).</source>
            <translation>Họ tên và số điện thoại giúp hải quan liên hệ lại khi cần (không bắt buộc).</translation>
        </message>
        <message>
            <source>Bắt buộc</source>
            <translation>Bắt buộc</translation>
        </message>
    </context>
    <context>
        <name>StarRating</name>
        <message>
            <source>Mức độ hài lòng</source>
            <translation>Mức độ hài lòng</translation>
        </message>
        <message>
            <source>Chưa chọn</source>
            <translation>Chưa chọn</translation>
        </message>
        <message>
            <source>{count} / {total} sao – {label}</source>
            <translation>{count} / {total} sao – {label}</translation>
        </message>
    </context>
    <context>
        <name>StatusIndicators</name>
        <message>
            <source>Kết nối</source>
            <translation>Kết nối</translation>
        </message>
        <message>
            <source>Chờ gửi: {count} phiếu</source>
            <translation>Chờ gửi: {count} phiếu</translation>
        </message>
        <message>
            <source>Phiếu đánh giá đã lưu trên máy, chờ gửi đến hải quan</source>
            <translation>Phiếu đánh giá đã lưu trên máy, chờ gửi đến hải quan</translation>
        </message>
        <message>
            <source>Đồng bộ lần cuối: {time}</source>
            <translation>Đồng bộ lần cuối: {time}</translation>
        </message>
        <message>
            <source>Chưa đồng bộ</source>
            <translation>Chưa đồng bộ</translation>
        </message>
    </context>
    <context>
        <name>SupportActions</name>
        <message>
            <source>6. Hỗ trợ vướng mắc (đặt câu hỏi)…</source>
            <translation>6. Hỗ trợ vướng mắc (đặt câu hỏi)…</translation>
        </message>
        <message>
            <source>7. Tra cứu vướng mắc đã trả lời…</source>
            <translation>7. Tra cứu vướng mắc đã trả lời…</translation>
        </message>
        <message>
            <source>Xuất gói hỗ trợ…</source>
            <translation>Xuất gói hỗ trợ…</translation>
        </message>
        <message>
            <source>Đã ghi câu hỏi gửi Hải quan; câu hỏi sẽ được gửi khi có kết nối.</source>
            <translation>Đã ghi câu hỏi gửi Hải quan; câu hỏi sẽ được gửi khi có kết nối.</translation>
        </message>
    </context>
    <context>
        <name>SupportDesk</name>
        <message>
            <source>Chưa kết nối được máy chủ hải quan: chưa xem được các câu trả lời đã có.</source>
            <translation>Chưa kết nối được máy chủ hải quan: chưa xem được các câu trả lời đã có.</translation>
        </message>
    </context>
    <context>
        <name>SupportRequestDialog</name>
        <message>
            <source>Hỗ trợ vướng mắc — đặt câu hỏi cho Hải quan</source>
            <extracomment>emitted with the local id once the request is committed (the sync is woken by the caller)</extracomment>
            <translation>Hỗ trợ vướng mắc — đặt câu hỏi cho Hải quan</translation>
        </message>
        <message>
            <source>Mã, ví dụ 03CE</source>
            <translation>Mã, ví dụ 03CE</translation>
        </message>
        <message>
            <source>— Chọn mã nghiệp vụ —</source>
            <translation>— Chọn mã nghiệp vụ —</translation>
        </message>
        <message>
            <source>Mô tả vướng mắc: bạn làm gì, hệ thống báo gì (mã lỗi, thông báo).</source>
            <translation>Mô tả vướng mắc: bạn làm gì, hệ thống báo gì (mã lỗi, thông báo).</translation>
        </message>
        <message>
            <source>Mã số &amp;thuế:</source>
            <translation>Mã số &amp;thuế:</translation>
        </message>
        <message>
            <source>Tên &amp;doanh nghiệp:</source>
            <translation>Tên &amp;doanh nghiệp:</translation>
        </message>
        <message>
            <source>&amp;Cục/Chi cục phát sinh:</source>
            <translation>&amp;Cục/Chi cục phát sinh:</translation>
        </message>
        <message>
            <source>&amp;Mã nghiệp vụ:</source>
            <translation>&amp;Mã nghiệp vụ:</translation>
        </message>
        <message>
            <source>Người &amp;liên hệ:</source>
            <translation>Người &amp;liên hệ:</translation>
        </message>
        <message>
            <source>Điện t&amp;hoại:</source>
            <translation>Điện t&amp;hoại:</translation>
        </message>
        <message>
            <source>Chọn tệ&amp;p ảnh…</source>
            <translation>Chọn tệ&amp;p ảnh…</translation>
        </message>
        <message>
            <source>Nội dung &amp;vướng mắc:</source>
            <translation>Nội dung &amp;vướng mắc:</translation>
        </message>
        <message>
            <source>Đó&amp;ng</source>
            <translation>Đó&amp;ng</translation>
        </message>
        <message>
            <source>Chụp cửa &amp;sổ chương trình</source>
            <translation>Chụp cửa &amp;sổ chương trình</translation>
        </message>
        <message>
            <source>Cục/Chi cục phát sinh</source>
            <translation>Cục/Chi cục phát sinh</translation>
        </message>
        <message>
            <source>&amp;Bỏ ảnh</source>
            <translation>&amp;Bỏ ảnh</translation>
        </message>
        <message>
            <source>Không có ảnh (tối đa 1 MB, PNG hoặc JPEG).</source>
            <translation>Không có ảnh (tối đa 1 MB, PNG hoặc JPEG).</translation>
        </message>
        <message>
            <source>Ảnh chụp màn hình khi phát sinh lỗi (nếu có)</source>
            <translation>Ảnh chụp màn hình khi phát sinh lỗi (nếu có)</translation>
        </message>
        <message>
            <source>Chọn mã nghiệp vụ để xem các câu trả lời đã có.</source>
            <translation>Chọn mã nghiệp vụ để xem các câu trả lời đã có.</translation>
        </message>
        <message>
            <source>Câu hỏi tương tự đã được trả lời</source>
            <translation>Câu hỏi tương tự đã được trả lời</translation>
        </message>
        <message>
            <source>Câu trả lời</source>
            <translation>Câu trả lời</translation>
        </message>
        <message>
            <source>Nội dung vướng mắc</source>
            <translation>Nội dung vướng mắc</translation>
        </message>
        <message>
            <source>Câu hỏi cho Hải quan</source>
            <translation>Câu hỏi cho Hải quan</translation>
        </message>
        <message>
            <source>&amp;Gửi câu hỏi</source>
            <translation>&amp;Gửi câu hỏi</translation>
        </message>
        <message>
            <source>Chưa đăng nhập máy chủ hải quan: chưa xem được các câu trả lời đã có.</source>
            <translation>Chưa đăng nhập máy chủ hải quan: chưa xem được các câu trả lời đã có.</translation>
        </message>
        <message>
            <source>Đang tìm câu trả lời đã có cho {code}…</source>
            <translation>Đang tìm câu trả lời đã có cho {code}…</translation>
        </message>
        <message>
            <source>{count} câu hỏi về {code} đã được trả lời; xem trước khi gửi câu hỏi mới.</source>
            <translation>{count} câu hỏi về {code} đã được trả lời; xem trước khi gửi câu hỏi mới.</translation>
        </message>
        <message>
            <source>Chưa có câu trả lời nào cho {code}.</source>
            <translation>Chưa có câu trả lời nào cho {code}.</translation>
        </message>
        <message>
            <source>Không đọc được tệp: {error}</source>
            <translation>Không đọc được tệp: {error}</translation>
        </message>
        <message>
            <source>cửa sổ chương trình</source>
            <translation>cửa sổ chương trình</translation>
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
            <translation>Tra cứu vướng mắc đã được trả lời</translation>
        </message>
        <message>
            <source>Tất cả</source>
            <translation>Tất cả</translation>
        </message>
        <message>
            <source>mọi doanh nghiệp</source>
            <translation>mọi doanh nghiệp</translation>
        </message>
        <message>
            <source>từ trong câu hỏi hoặc câu trả lời</source>
            <translation>từ trong câu hỏi hoặc câu trả lời</translation>
        </message>
        <message>
            <source>&amp;Tìm kiếm</source>
            <translation>&amp;Tìm kiếm</translation>
        </message>
        <message>
            <source>&amp;Mã nghiệp vụ:</source>
            <translation>&amp;Mã nghiệp vụ:</translation>
        </message>
        <message>
            <source>Mã &amp;doanh nghiệp hỏi:</source>
            <translation>Mã &amp;doanh nghiệp hỏi:</translation>
        </message>
        <message>
            <source>&amp;Nội dung có chứa:</source>
            <translation>&amp;Nội dung có chứa:</translation>
        </message>
        <message>
            <source>Mã NV</source>
            <translation>Mã NV</translation>
        </message>
        <message>
            <source>Chi cục</source>
            <translation>Chi cục</translation>
        </message>
        <message>
            <source>Ngày trả lời</source>
            <translation>Ngày trả lời</translation>
        </message>
        <message>
            <source>Câu hỏi</source>
            <translation>Câu hỏi</translation>
        </message>
        <message>
            <source>Kết quả tìm kiếm</source>
            <translation>Kết quả tìm kiếm</translation>
        </message>
        <message>
            <source>Câu hỏi và câu trả lời</source>
            <translation>Câu hỏi và câu trả lời</translation>
        </message>
        <message>
            <source>Đón&amp;g</source>
            <translation>Đón&amp;g</translation>
        </message>
        <message>
            <source>Chưa đăng nhập máy chủ hải quan: hãy đăng nhập rồi tìm lại.</source>
            <translation>Chưa đăng nhập máy chủ hải quan: hãy đăng nhập rồi tìm lại.</translation>
        </message>
        <message>
            <source>Đang tìm…</source>
            <translation>Đang tìm…</translation>
        </message>
        <message>
            <source>Tìm thấy {count} câu hỏi đã được trả lời.</source>
            <translation>Tìm thấy {count} câu hỏi đã được trả lời.</translation>
        </message>
        <message>
            <source>Không tìm thấy câu hỏi nào đã được trả lời.</source>
            <translation>Không tìm thấy câu hỏi nào đã được trả lời.</translation>
        </message>
        <message>
            <source>Câu hỏi ({code}, {office}, MST {tax_code}):
{question}

Trả lời:
{answer}</source>
            <translation>Câu hỏi ({code}, {office}, MST {tax_code}):
{question}

Trả lời:
{answer}</translation>
        </message>
    </context>
    <context>
        <name>SupportView</name>
        <message>
            <source>Đồng bộ thành công: {ok} lượt. Lỗi theo loại: {errors}.</source>
            <translation>Đồng bộ thành công: {ok} lượt. Lỗi theo loại: {errors}.</translation>
        </message>
        <message>
            <source>không có</source>
            <translation>không có</translation>
        </message>
        <message>
            <source>Diễn biến và chẩn đoán — gói {name}</source>
            <translation>Diễn biến và chẩn đoán — gói {name}</translation>
        </message>
        <message>
            <source>Chẩn đoán</source>
            <translation>Chẩn đoán</translation>
        </message>
        <message>
            <source>Thiết lập của người khai: máy chủ {server}, mã số thuế {tax_code}, đồng bộ mỗi {interval} giây, ngôn ngữ {language}. Hộp thư đi lúc xuất gói: {waiting} mục chưa gửi được.</source>
            <translation>Thiết lập của người khai: máy chủ {server}, mã số thuế {tax_code}, đồng bộ mỗi {interval} giây, ngôn ngữ {language}. Hộp thư đi lúc xuất gói: {waiting} mục chưa gửi được.</translation>
        </message>
        <message>
            <source>máy chủ thử nghiệm trong chương trình</source>
            <translation>máy chủ thử nghiệm trong chương trình</translation>
        </message>
        <message>
            <source>Người khai đã thấy</source>
            <translation>Người khai đã thấy</translation>
        </message>
        <message>
            <source>Thời gian</source>
            <translation>Thời gian</translation>
        </message>
        <message>
            <source>Diễn biến</source>
            <translation>Diễn biến</translation>
        </message>
        <message>
            <source>Số lần</source>
            <translation>Số lần</translation>
        </message>
        <message>
            <source>Chi tiết</source>
            <translation>Chi tiết</translation>
        </message>
        <message>
            <source>Đó&amp;ng</source>
            <translation>Đó&amp;ng</translation>
        </message>
        <message>
            <source>Hộp thư đi của người khai không có mục nào báo lỗi.</source>
            <translation>Hộp thư đi của người khai không có mục nào báo lỗi.</translation>
        </message>
        <message>
            <source>Người khai thấy trong Hộp thư đi: {reasons}</source>
            <translation>Người khai thấy trong Hộp thư đi: {reasons}</translation>
        </message>
        <message>
            <source>Phát lại trên máy chủ thử nghiệm trong máy này</source>
            <translation>Phát lại trên máy chủ thử nghiệm trong máy này</translation>
        </message>
        <message>
            <source>&amp;Kịch bản:</source>
            <translation>&amp;Kịch bản:</translation>
        </message>
        <message>
            <source>Kịch bản của máy chủ thử nghiệm</source>
            <translation>Kịch bản của máy chủ thử nghiệm</translation>
        </message>
        <message>
            <source>{spec} (theo chẩn đoán)</source>
            <translation>{spec} (theo chẩn đoán)</translation>
        </message>
        <message>
            <source>&amp;Phát lại</source>
            <translation>&amp;Phát lại</translation>
        </message>
        <message>
            <source>Khởi động máy chủ thử nghiệm với doanh nghiệp và tờ khai của gói, theo kịch bản đã chọn, rồi gửi lại hộp thư đi của gói tới máy chủ đó.</source>
            <translation>Khởi động máy chủ thử nghiệm với doanh nghiệp và tờ khai của gói, theo kịch bản đã chọn, rồi gửi lại hộp thư đi của gói tới máy chủ đó.</translation>
        </message>
        <message>
            <source>Chưa phát lại. Đổi kịch bản khi đang phát lại để xem máy chủ làm khác đi (normal: nhận bình thường).</source>
            <translation>Chưa phát lại. Đổi kịch bản khi đang phát lại để xem máy chủ làm khác đi (normal: nhận bình thường).</translation>
        </message>
        <message>
            <source>Trạng thái phát lại</source>
            <translation>Trạng thái phát lại</translation>
        </message>
        <message>
            <source>Đang chuẩn bị máy chủ thử nghiệm…</source>
            <translation>Đang chuẩn bị máy chủ thử nghiệm…</translation>
        </message>
        <message>
            <source>Đang phát lại trên {url}, kịch bản {scenario}, {count} tờ khai của gói. Xem thanh trạng thái và Hộp thư đi (Ctrl+O); chọn normal để xem phiếu được nhận.</source>
            <translation>Đang phát lại trên {url}, kịch bản {scenario}, {count} tờ khai của gói. Xem thanh trạng thái và Hộp thư đi (Ctrl+O); chọn normal để xem phiếu được nhận.</translation>
        </message>
    </context>
    <context>
        <name>UnratedNotice</name>
        <message>
            <source>Mở danh sách tờ khai chưa đánh giá</source>
            <translation>Mở danh sách tờ khai chưa đánh giá</translation>
        </message>
        <message>
            <source>&amp;Xem</source>
            <translation>&amp;Xem</translation>
        </message>
        <message>
            <source>Ẩn thông &amp;báo</source>
            <translation>Ẩn thông &amp;báo</translation>
        </message>
        <message>
            <source>Ẩn thông báo này</source>
            <translation>Ẩn thông báo này</translation>
        </message>
        <message>
            <source>Có {count} tờ khai đã hoàn thành thủ tục nhưng chưa đánh giá mức độ hài lòng.</source>
            <translation>Có {count} tờ khai đã hoàn thành thủ tục nhưng chưa đánh giá mức độ hài lòng.</translation>
        </message>
    </context>
</TS>
