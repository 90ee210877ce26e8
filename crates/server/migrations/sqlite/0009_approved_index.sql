-- Results check whether anything was approved since they last read (the count and the newest approval):
-- answered from this index alone, without reading the evaluations' content.
CREATE INDEX evaluations_by_status ON evaluations (status, reviewed_at);
