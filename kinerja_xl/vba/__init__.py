"""The VBA project of the macro workbooks, built from the installed xlwings: MS-OVBA and MS-CFB in pure Python."""
