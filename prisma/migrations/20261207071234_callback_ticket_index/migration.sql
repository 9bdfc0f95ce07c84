-- The portal ticket page shows the callback booked on the ticket: looked up by ticket.
CREATE INDEX "Callback_ticketId_idx" ON "Callback"("ticketId");
