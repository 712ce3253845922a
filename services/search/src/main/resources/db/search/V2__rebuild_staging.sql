-- Where Reindex rebuilds one kind of documents from a replay of its topics, beside the live index that keeps
-- answering searches; the rebuilt rows replace the live ones of that kind in one transaction at the end.
create table documents_rebuild (like documents including all);
