#!/usr/bin/env python3
"""Read what the test SMTP server received (tests/lib/smtpd.py) with
Python's own e-mail parser, and print it as JSON: for each message its
envelope, decoded headers, and parts (content type, filename, charset,
size, and the decoded text of text parts; binary parts are written next
to the message as NNNNNN.partK so a test can open them with the tool a
person would).

usage: mailread.py DIR
"""
import email, email.policy, json, os, sys

folder = sys.argv[1]
out = []
for name in sorted(f for f in os.listdir(folder) if f.endswith('.eml')):
    base = os.path.join(folder, name[:-4])
    with open(os.path.join(folder, name), 'rb') as f:
        raw = f.read()
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    env = json.load(open(base + '.json'))
    parts = []
    for k, part in enumerate(msg.walk()):
        if part.is_multipart():
            parts.append({'type': part.get_content_type(), 'multipart': True})
            continue
        p = {'type': part.get_content_type(), 'filename': part.get_filename(),
             'charset': part.get_content_charset(), 'params': dict(part.get_params() or [])}
        payload = part.get_payload(decode=True) or b''
        p['size'] = len(payload)
        if part.get_content_maintype() == 'text':
            p['text'] = payload.decode(part.get_content_charset() or 'utf-8')
        path = '%s.part%d' % (base, k)
        with open(path, 'wb') as f:
            f.write(payload)
        p['path'] = path
        parts.append(p)
    out.append({'file': name, 'envelope': env, 'raw_headers': raw.split(b'\r\n\r\n', 1)[0].decode('ascii', 'replace'),
                'subject': str(msg['subject']), 'from': str(msg['from']), 'to': str(msg['to']),
                'message_id': str(msg['message-id']), 'date': str(msg['date']),
                'auto_submitted': str(msg['auto-submitted']), 'parts': parts})
json.dump(out, sys.stdout)
