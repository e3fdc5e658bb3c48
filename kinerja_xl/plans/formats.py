"""Number formats by their Excel code: Excel shows ``#,##0.00`` with the user's locale separators, so an
Indonesian Excel displays ``1.234,56``; plans name them, writers apply them."""

PERCENT = "0.00"
INTEGER = "#,##0"
DECIMAL = "#,##0.00"
RUPIAH = "#,##0"
