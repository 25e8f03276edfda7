#!/usr/bin/env python3
"""Writes the ContactCSV test fixtures (run from this folder). Each file imitates what a real tool
writes; README.md lists them. The files are committed; this script documents their exact bytes."""

def write(name, data):
    with open(name, "wb") as f:
        f.write(data)

# Excel "CSV UTF-8 (Comma delimited)": BOM, CRLF, quotes only where needed, final CRLF.
write("excel-utf8-bom.csv", b"\xef\xbb\xbf" + (
    "First Name,Last Name,Phone Number,Email,Tags\r\n"
    "José,García,+60189988776,jose@example.com,\"vip, kl\"\r\n"
    "王,伟,+8613800138000,wang.wei@example.cn,\r\n"
    "Zoë,Løvström,+4712345678,zoe@example.no,nordic\r\n").encode("utf-8"))

# Excel "CSV (Comma delimited)" on Windows: Windows-1252 (é, € at 0x80, curly quotes 0x93/0x94, ’ 0x92), CRLF.
write("excel-windows1252.csv", (
    "First Name,Last Name,Company,Notes\r\n"
    "Renée,Lefèvre,Café “Crème”,Costs 5€\r\n"
    "Seán,O’Neil,Müller & Söhne,— em dash\r\n").encode("cp1252"))

# Google Sheets download (File > Download > CSV): UTF-8 without BOM, CRLF, no line end after the last row.
write("google-sheets.csv", (
    "First Name,Last Name,Phone Number,Email,Language,Country\r\n"
    "Siti,binti Hassan,+628194018957,siti.hassan93@outlook.com,id,ID\r\n"
    "Ahmad,bin Ali,+60123456789,,ms,MY\r\n"
    "محمد,العلي,+971501234567,mohammed@example.ae,ar,AE").encode("utf-8"))

# LibreOffice Calc in a European locale: semicolons, decimal commas, text quoted, LF.
write("libreoffice-semicolon.csv", (
    "\"First Name\";\"Last Name\";\"Phone Number\";\"Lifetime Value\";\"Notes\"\n"
    "\"Jürgen\";\"Schröder\";\"+4915112345678\";1234,50;\"likes; semicolons\"\n"
    "\"Inês\";\"Gonçalves\";\"+351912345678\";-3,5;\"say \"\"olá\"\"\"\n").encode("utf-8"))

# Outlook "Export to a file > Comma Separated Values": the full contacts header, every value quoted, CRLF.
outlook_header = ["Title", "First Name", "Middle Name", "Last Name", "Suffix", "Company", "Department",
    "Job Title", "Business Street", "Business Street 2", "Business Street 3", "Business City",
    "Business State", "Business Postal Code", "Business Country/Region", "Home Street", "Home Street 2",
    "Home Street 3", "Home City", "Home State", "Home Postal Code", "Home Country/Region", "Other Street",
    "Other Street 2", "Other Street 3", "Other City", "Other State", "Other Postal Code",
    "Other Country/Region", "Assistant's Phone", "Business Fax", "Business Phone", "Business Phone 2",
    "Callback", "Car Phone", "Company Main Phone", "Home Fax", "Home Phone", "Home Phone 2", "ISDN",
    "Mobile Phone", "Other Fax", "Other Phone", "Pager", "Primary Phone", "Radio Phone", "TTY/TDD Phone",
    "Telex", "Account", "Anniversary", "Assistant's Name", "Billing Information", "Birthday",
    "Business Address PO Box", "Categories", "Children", "Directory Server", "E-mail Address",
    "E-mail Type", "E-mail Display Name", "E-mail 2 Address", "E-mail 2 Type", "E-mail 2 Display Name",
    "E-mail 3 Address", "E-mail 3 Type", "E-mail 3 Display Name", "Gender", "Government ID Number",
    "Hobby", "Home Address PO Box", "Initials", "Internet Free Busy", "Keywords", "Language",
    "Location", "Manager's Name", "Mileage", "Notes", "Office Location", "Organizational ID Number",
    "Other Address PO Box", "Priority", "Private", "Profession", "Referred By", "Sensitivity", "Spouse",
    "User 1", "User 2", "User 3", "User 4", "Web Page"]
def outlook_row(values):
    row = [""] * len(outlook_header)
    for k, v in values.items():
        row[outlook_header.index(k)] = v
    return ",".join('"' + v.replace('"', '""') + '"' for v in row)
write("outlook-contacts.csv", ("\r\n".join([
    ",".join('"' + h + '"' for h in outlook_header),
    outlook_row({"First Name": "Emily", "Last Name": "Clarke", "Mobile Phone": "+44 7700 900123",
                 "E-mail Address": "emily.clarke@example.co.uk", "E-mail Type": "SMTP",
                 "E-mail Display Name": "Emily Clarke (emily.clarke@example.co.uk)", "Anniversary": "0/0/00",
                 "Birthday": "0/0/00", "Gender": "Unspecified", "Priority": "Normal", "Private": "False",
                 "Sensitivity": "Normal", "Notes": "Met at the fair.\r\nCall back in May."}),
    outlook_row({"First Name": "Daniel", "Last Name": "Evans", "Business Phone": "(415) 555-0100",
                 "Company": "Evans, Hall & Co", "Anniversary": "0/0/00", "Birthday": "0/0/00",
                 "Gender": "Unspecified", "Priority": "Normal", "Private": "False", "Sensitivity": "Normal"}),
]) + "\r\n").encode("cp1252"))

# Excel "Unicode Text (*.txt)": UTF-16LE with BOM, tab-delimited, CRLF.
unicode_text = ("First Name\tLast Name\tPhone Number\tNotes\r\n"
                "陈\t嘉欣\t+85291234567\t\"has\ttab\"\r\n"
                "Łukasz\tNowak\t+48501234567\t😀 emoji\r\n")
write("excel-unicode-text-utf16le.txt", b"\xff\xfe" + unicode_text.encode("utf-16-le"))
write("utf16be.csv", b"\xfe\xff" + "First Name,Phone Number\r\nΑλέξης,+306912345678\r\n".encode("utf-16-be"))

# Old Mac Excel: CR-only line ends.
write("cr-only.csv", b"First Name,Last Name,Phone Number\rAnna,Smith,+15551234567\rBen,Jones,+15557654321\r")

# Trailing blank lines (and blank lines in between, and a line of only commas as Excel writes).
write("trailing-blank-lines.csv",
      b"First Name,Last Name\n\nAnna,Smith\n,\n\nBen,Jones\n\n\n\r\n  \n")

# Embedded newlines (LF, CRLF), doubled quotes, delimiters inside quotes, spaces around values.
write("embedded-newlines-quotes.csv", (
    "First Name,Company,Notes\r\n"
    "Anna,\"Smith, Jones & \"\"Partners\"\"\",\"line one\nline two\"\r\n"
    "  Ben  ,  \"  Quoted, with spaces  \"  ,\"three\r\nlines\r\nhere\"\r\n"
    "Chloé,Plain,\"\"\"quoted at start\"\r\n").encode("utf-8"))

# A 10,000-character field (quoted, with commas) between ordinary ones.
long_value = ("abcdefghij, " * 834)[:10000]
write("long-field.csv", ("First Name,Notes,Email\n"
                         f"Anna,\"{long_value}\",anna@example.com\n"
                         "Ben,short,ben@example.com\n").encode("utf-8"))

# Empty and duplicate headers; a row with fewer values and one with more.
write("empty-duplicate-headers.csv", (
    "Email,,Phone,Email, \n"
    "a@example.com,x,+60111111111,b@example.com,y\n"
    "c@example.com,z\n"
    "d@example.com,1,2,3,4,5,6\n").encode("utf-8"))

# Refusals.
write("refuse-empty.csv", b"")
write("refuse-only-blank-lines.csv", b"\r\n\n  \n,,,\n")
write("refuse-header-only.csv", b"First Name,Last Name,Phone Number\r\n\r\n")
write("refuse-nul-byte.csv", b"First Name,Phone\nAnna,+60123\nBen\x00,+60456\n")
write("refuse-unterminated-quote.csv",
      b"First Name,Notes\nAnna,fine\nBen,\"never closed\nCarl,swallowed\nDana,also swallowed\n")
# A workbook uploaded by mistake: the ZIP local-file header of an .xlsx.
write("refuse-xlsx.csv", b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00[Content_Types].xml\x00\x00\x00")
# Binary data without a NUL byte: mostly control characters.
write("refuse-binary.csv", bytes(range(1, 9)) * 64 + b"\n" + bytes(range(14, 32)) * 32)
