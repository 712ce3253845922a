-- ListPublicChannels: public, unarchived channels by latest activity. A partial index in exactly that order, so the
-- directory reads one index range however many private conversations, directs and groups there are.
create index conversations_public_channels
    on conversations ((coalesce(last_message_at, created_at)) desc, id desc)
    where kind = 'CHANNEL' and not private and archived_at is null;
