-- The demo world's sample database: a small shop with users, orders and an audit log.
-- A few hundred rows, generated with a fixed seed so every run looks alike, plus a burst of
-- suspicious activity in the last hours for the security-breach runbook to find.
SELECT setseed(0.42);

CREATE TABLE users (
  id         serial PRIMARY KEY,
  email      text NOT NULL UNIQUE,
  name       text NOT NULL,
  role       text NOT NULL DEFAULT 'customer' CHECK (role IN ('customer', 'support', 'admin')),
  created_at timestamptz NOT NULL DEFAULT now(),
  locked_at  timestamptz
);

CREATE TABLE orders (
  id          serial PRIMARY KEY,
  user_id     int NOT NULL REFERENCES users (id),
  total_cents int NOT NULL CHECK (total_cents >= 0),
  status      text NOT NULL CHECK (status IN ('pending', 'paid', 'shipped', 'refunded', 'failed')),
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE audit_logs (
  id         bigserial PRIMARY KEY,
  created_at timestamptz NOT NULL DEFAULT now(),
  user_id    int REFERENCES users (id),
  action     text NOT NULL,
  ip_address inet NOT NULL,
  resource   text,
  details    jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_logs_created_at ON audit_logs (created_at DESC);
CREATE INDEX audit_logs_action ON audit_logs (action, created_at DESC);

INSERT INTO users (email, name, role, created_at)
SELECT format('user%s@example.com', i),
       (ARRAY['Ada', 'Grace', 'Linus', 'Margaret', 'Ken', 'Barbara', 'Dennis', 'Frances'])[1 + i % 8]
         || ' ' || (ARRAY['Lovelace', 'Hopper', 'Torvalds', 'Hamilton', 'Thompson', 'Liskov', 'Ritchie', 'Allen'])[1 + (i / 8) % 8],
       CASE WHEN i <= 2 THEN 'admin' WHEN i <= 6 THEN 'support' ELSE 'customer' END,
       now() - (random() * interval '365 days')
FROM generate_series(1, 120) AS i;

INSERT INTO orders (user_id, total_cents, status, created_at)
SELECT 1 + floor(random() * 120)::int,
       500 + floor(random() * 25000)::int,
       (ARRAY['pending', 'paid', 'paid', 'paid', 'shipped', 'shipped', 'refunded', 'failed'])[1 + floor(random() * 8)::int],
       now() - (random() * interval '90 days')
FROM generate_series(1, 400);

-- Ordinary activity over the last week, from a handful of office and home addresses.
INSERT INTO audit_logs (created_at, user_id, action, ip_address, resource, details)
SELECT now() - (random() * interval '7 days'),
       u,
       (ARRAY['login', 'login', 'login', 'logout', 'order_created', 'profile_updated', 'password_changed', 'login_failed'])[1 + floor(random() * 8)::int],
       format('198.51.100.%s', 10 + u % 40)::inet,
       format('/api/users/%s', u),
       jsonb_build_object('user_agent', 'Mozilla/5.0')
FROM (SELECT 1 + floor(random() * 120)::int AS u FROM generate_series(1, 300)) AS s;

-- The incident: password guessing from one address over the last three hours, one success,
-- then a role change and a bulk export from that same address.
INSERT INTO audit_logs (created_at, user_id, action, ip_address, resource, details)
SELECT now() - interval '3 hours' + i * interval '4 minutes',
       (ARRAY[1, 2, 3, 7, 11])[1 + i % 5],
       'login_failed',
       '203.0.113.66',
       '/api/auth/login',
       jsonb_build_object('reason', 'bad_password', 'user_agent', 'python-requests/2.31')
FROM generate_series(1, 40) AS i;

INSERT INTO audit_logs (created_at, user_id, action, ip_address, resource, details) VALUES
  (now() - interval '25 minutes', 3, 'login', '203.0.113.66', '/api/auth/login', '{"user_agent": "python-requests/2.31"}'),
  (now() - interval '22 minutes', 3, 'role_changed', '203.0.113.66', '/api/admin/users/3', '{"from": "support", "to": "admin"}'),
  (now() - interval '18 minutes', 3, 'api_key_created', '203.0.113.66', '/api/admin/api-keys', '{"scopes": ["read:all"]}'),
  (now() - interval '12 minutes', 3, 'data_export', '203.0.113.66', '/api/admin/export/users', '{"rows": 120, "format": "csv"}'),
  (now() - interval '9 minutes', 3, 'data_export', '203.0.113.66', '/api/admin/export/orders', '{"rows": 400, "format": "csv"}'),
  (now() - interval '6 minutes', NULL, 'login_failed', '192.0.2.200', '/api/auth/login', '{"reason": "unknown_user", "email": "root@example.com"}');

ANALYZE;
