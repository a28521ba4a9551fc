#!/usr/bin/env python3
"""A real SMTP server on loopback for the tests (aiosmtpd, Debian's
python3-aiosmtpd). Every message it accepts is written to DIR as
NNNNNN.eml (the message as received) and NNNNNN.json (the envelope).
A recipient whose address starts with "reject" is refused with 550, as a
relay refuses an unknown mailbox. Prints "ready" when listening.

usage: smtpd.py PORT DIR
"""
import asyncio, json, os, sys, threading
from aiosmtpd.controller import Controller

port, folder = int(sys.argv[1]), sys.argv[2]
os.makedirs(folder, exist_ok=True)
lock = threading.Lock()

class Handler:
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower().startswith('reject'):
            return '550 5.1.1 No such mailbox here'
        envelope.rcpt_tos.append(address)
        return '250 OK'

    async def handle_DATA(self, server, session, envelope):
        with lock:
            n = len([f for f in os.listdir(folder) if f.endswith('.eml')]) + 1
            base = os.path.join(folder, '%06d' % n)
            with open(base + '.eml.tmp', 'wb') as f:
                f.write(envelope.original_content or envelope.content)
            with open(base + '.json', 'w') as f:
                json.dump({'from': envelope.mail_from, 'to': envelope.rcpt_tos}, f)
            os.rename(base + '.eml.tmp', base + '.eml')
        return '250 Message accepted for delivery'

controller = Controller(Handler(), hostname='127.0.0.1', port=port, decode_data=False)
controller.start()
print('ready', flush=True)
try:
    threading.Event().wait()
except KeyboardInterrupt:
    pass
finally:
    controller.stop()
