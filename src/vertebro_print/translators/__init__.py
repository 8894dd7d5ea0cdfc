"""The translators' tools, over the i18n engine and the render pipeline: the catalog workflow
(extract, init, update), the checks report and statistics, the review sheet, and approvals."""
