PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE schema_migrations (
  version         INTEGER PRIMARY KEY,
  name            TEXT NOT NULL,
  applied_time_us INTEGER NOT NULL
) STRICT;
INSERT INTO schema_migrations VALUES(1,'initial schema',1796658862901646);
INSERT INTO schema_migrations VALUES(2,'api keys',1796658862912478);
INSERT INTO schema_migrations VALUES(3,'idempotency keys',1796658862916426);
INSERT INTO schema_migrations VALUES(4,'events and webhooks',1796658862917985);
INSERT INTO schema_migrations VALUES(5,'receivables',1796658862934743);
INSERT INTO schema_migrations VALUES(6,'list counts',1796658862945255);
INSERT INTO schema_migrations VALUES(7,'invoice emails',1796658862947757);
INSERT INTO schema_migrations VALUES(8,'server secrets',1796658862956364);
INSERT INTO schema_migrations VALUES(9,'organizations, buyers and invoice parties',1796658862987466);
INSERT INTO schema_migrations VALUES(10,'tax rates',1796658862992483);
INSERT INTO schema_migrations VALUES(11,'invoice tax',1796658863018923);
INSERT INTO schema_migrations VALUES(12,'invoice document terms',1796658863020471);
INSERT INTO schema_migrations VALUES(13,'collections',1796658863034110);
CREATE TABLE customers (
  account_id       TEXT NOT NULL,
  id               TEXT NOT NULL,
  name             TEXT NOT NULL,
  email            TEXT NOT NULL,
  default_currency TEXT NOT NULL,
  create_time_us   INTEGER NOT NULL,
  update_time_us   INTEGER NOT NULL, legal_name TEXT NOT NULL DEFAULT '', billing_address_line1 TEXT NOT NULL DEFAULT '', billing_address_line2 TEXT NOT NULL DEFAULT '', billing_address_city TEXT NOT NULL DEFAULT '', billing_address_postal_code TEXT NOT NULL DEFAULT '', billing_address_region TEXT NOT NULL DEFAULT '', billing_address_country TEXT NOT NULL DEFAULT '', tax_ids TEXT NOT NULL DEFAULT '', tax_exempt TEXT NOT NULL DEFAULT 'none', payment_terms_days INTEGER, electronic_address_scheme TEXT NOT NULL DEFAULT '', electronic_address_value TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (account_id, id)
) STRICT;
INSERT INTO customers VALUES('acct_e2e','cus_2gzes73f7o6lgmmol2l65vpfny','Acme','ap@acme.example','EUR',1796658863830589,1796658863830589,'Acme B.V.','Damrak 1','','Amsterdam','1012 LG','','NL','eu_vat=NL853033937B01','none',20,'0106','12345678');
INSERT INTO customers VALUES('acct_e2e','cus_yga3idekqmc2txtfmrxuz3ckxe','Globex','ap@globex.example','USD',1796658863834456,1796658863834456,'','','','','','','','','none',NULL,'','');
CREATE TABLE invoices (
  account_id      TEXT NOT NULL,
  id              TEXT NOT NULL,
  customer_id     TEXT NOT NULL,
  currency        TEXT NOT NULL,
  amount_minor    INTEGER NOT NULL,
  status          TEXT NOT NULL CHECK (status IN ('draft', 'pending', 'paid', 'cancelled')),
  due_date        TEXT NOT NULL,
  notes           TEXT NOT NULL DEFAULT '',
  create_time_us  INTEGER NOT NULL,
  update_time_us  INTEGER NOT NULL,
  process_time_us INTEGER,
  pay_time_us     INTEGER,
  cancel_time_us  INTEGER, number TEXT, amount_paid_minor INTEGER NOT NULL DEFAULT 0, amount_credited_minor INTEGER NOT NULL DEFAULT 0, default_tax_rate_id TEXT NOT NULL DEFAULT '', due_date_set INTEGER NOT NULL DEFAULT 1
  CHECK (due_date_set IN (0, 1)),
  PRIMARY KEY (account_id, id),
  FOREIGN KEY (account_id, customer_id) REFERENCES customers (account_id, id)
) STRICT;
INSERT INTO invoices VALUES('acct_e2e','inv_uc6mjrribifykqr4bzzw3ha47m','cus_2gzes73f7o6lgmmol2l65vpfny','EUR',59517,'pending','2099-01-31','',1796658863850104,1796658863901735,1796658863870169,NULL,NULL,'INV-000001',10000,5950,'',1);
INSERT INTO invoices VALUES('acct_e2e','inv_xxgd73wqu4lbcjmju3sbdpy7bq','cus_2gzes73f7o6lgmmol2l65vpfny','EUR',3210,'pending','2026-12-27','',1796658863854886,1796658863878274,1796658863878274,NULL,NULL,'INV-000002',0,0,'txr_xkgjlwk5m6kn5i26cgk63v5sny',1);
INSERT INTO invoices VALUES('acct_e2e','inv_dec2yh4csfiwupqalpsbkf5x2u','cus_yga3idekqmc2txtfmrxuz3ckxe','USD',25000,'paid','2099-02-28','',1796658863862309,1796658863905021,1796658863882012,1796658863905021,NULL,'INV-000003',25000,0,'',1);
INSERT INTO invoices VALUES('acct_e2e','inv_shzcbxa7amlhg2r2lgzyak2tlu','cus_yga3idekqmc2txtfmrxuz3ckxe','USD',999,'cancelled','2099-02-28','',1796658863865091,1796658863893239,1796658863888646,NULL,1796658863893239,'INV-000004',0,0,'',1);
INSERT INTO invoices VALUES('acct_e2e','inv_geo42eflf6ek5d6vfcay2nhr4i','cus_yga3idekqmc2txtfmrxuz3ckxe','USD',500,'draft','2026-12-07','',1796658863867544,1796658863867544,NULL,NULL,NULL,NULL,0,0,'',0);
CREATE TABLE invoice_line_items (
  account_id           TEXT NOT NULL,
  invoice_id           TEXT NOT NULL,
  position             INTEGER NOT NULL,
  description          TEXT NOT NULL,
  quantity             INTEGER NOT NULL,
  unit_amount_minor    INTEGER NOT NULL,
  amount_minor         INTEGER NOT NULL,
  service_period_start TEXT,
  service_period_end   TEXT, quantity_e4 INTEGER NOT NULL DEFAULT 0, discount_minor INTEGER NOT NULL DEFAULT 0, tax_rate_id TEXT NOT NULL DEFAULT '', tax_category TEXT NOT NULL DEFAULT ''
  CHECK (tax_category IN ('', 'S', 'Z', 'E', 'AE', 'K', 'G', 'O')), tax_percentage_e4 INTEGER NOT NULL DEFAULT 0, tax_inclusive INTEGER NOT NULL DEFAULT 0 CHECK (tax_inclusive IN (0, 1)), tax_exemption_reason TEXT NOT NULL DEFAULT '', tax_exemption_reason_code TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (account_id, invoice_id, position),
  FOREIGN KEY (account_id, invoice_id) REFERENCES invoices (account_id, id) ON DELETE CASCADE,
  CHECK ((service_period_start IS NULL) = (service_period_end IS NULL))
) STRICT;
INSERT INTO invoice_line_items VALUES('acct_e2e','inv_geo42eflf6ek5d6vfcay2nhr4i',0,'Still a draft',4,125,500,NULL,NULL,40000,0,'','',0,0,'','');
INSERT INTO invoice_line_items VALUES('acct_e2e','inv_xxgd73wqu4lbcjmju3sbdpy7bq',0,'Books',3,1070,3210,NULL,NULL,30000,0,'','S',70000,1,'','');
INSERT INTO invoice_line_items VALUES('acct_e2e','inv_shzcbxa7amlhg2r2lgzyak2tlu',0,'Mistake',1,999,999,NULL,NULL,10000,0,'','',0,0,'','');
INSERT INTO invoice_line_items VALUES('acct_e2e','inv_uc6mjrribifykqr4bzzw3ha47m',0,'Consulting',7,8000,60000,NULL,NULL,75000,10000,'txr_6n5pwipvrqn724reovdjmroxea','S',190000,0,'','');
INSERT INTO invoice_line_items VALUES('acct_e2e','inv_uc6mjrribifykqr4bzzw3ha47m',1,'Travel',2,7,14,NULL,NULL,20000,0,'txr_6n5pwipvrqn724reovdjmroxea','S',190000,0,'','');
INSERT INTO invoice_line_items VALUES('acct_e2e','inv_dec2yh4csfiwupqalpsbkf5x2u',0,'Support',1,25000,25000,NULL,NULL,10000,0,'','',0,0,'','');
CREATE TABLE ledger_entries (
  account_id     TEXT NOT NULL,
  id             TEXT NOT NULL,
  customer_id    TEXT NOT NULL,
  invoice_id     TEXT NOT NULL,
  kind           TEXT NOT NULL,
  amount_minor   INTEGER NOT NULL,
  currency       TEXT NOT NULL,
  create_time_us INTEGER NOT NULL, document_id TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (account_id, id),
  FOREIGN KEY (account_id, customer_id) REFERENCES customers (account_id, id),
  FOREIGN KEY (account_id, invoice_id) REFERENCES invoices (account_id, id)
) STRICT;
INSERT INTO ledger_entries VALUES('acct_e2e','led_qeadixrhgairpdwfxnkzsnpm54','cus_2gzes73f7o6lgmmol2l65vpfny','inv_uc6mjrribifykqr4bzzw3ha47m','invoice_processed',59517,'EUR',1796658863870169,'inv_uc6mjrribifykqr4bzzw3ha47m');
INSERT INTO ledger_entries VALUES('acct_e2e','led_mixemduuzpmhshc5srxqt4e5py','cus_2gzes73f7o6lgmmol2l65vpfny','inv_xxgd73wqu4lbcjmju3sbdpy7bq','invoice_processed',3210,'EUR',1796658863878274,'inv_xxgd73wqu4lbcjmju3sbdpy7bq');
INSERT INTO ledger_entries VALUES('acct_e2e','led_pvdg346bpdt6ijmlolmesscmai','cus_yga3idekqmc2txtfmrxuz3ckxe','inv_dec2yh4csfiwupqalpsbkf5x2u','invoice_processed',25000,'USD',1796658863882012,'inv_dec2yh4csfiwupqalpsbkf5x2u');
INSERT INTO ledger_entries VALUES('acct_e2e','led_547652dwyudor4pedw66d5hce4','cus_yga3idekqmc2txtfmrxuz3ckxe','inv_shzcbxa7amlhg2r2lgzyak2tlu','invoice_processed',999,'USD',1796658863888646,'inv_shzcbxa7amlhg2r2lgzyak2tlu');
INSERT INTO ledger_entries VALUES('acct_e2e','led_cnojwams2q5lvc2igk7rn7cm3i','cus_yga3idekqmc2txtfmrxuz3ckxe','inv_shzcbxa7amlhg2r2lgzyak2tlu','invoice_cancelled',-999,'USD',1796658863893239,'inv_shzcbxa7amlhg2r2lgzyak2tlu');
INSERT INTO ledger_entries VALUES('acct_e2e','led_xde4noazwapxwhr3rbayljtyki','cus_2gzes73f7o6lgmmol2l65vpfny','inv_uc6mjrribifykqr4bzzw3ha47m','payment_received',-10000,'EUR',1796658863898431,'pay_oqob3vz53fuktc5rpoyibr56gy');
INSERT INTO ledger_entries VALUES('acct_e2e','led_qpfs6s3k72a6lh2sipyeomitfy','cus_2gzes73f7o6lgmmol2l65vpfny','inv_uc6mjrribifykqr4bzzw3ha47m','credit_note_issued',-5950,'EUR',1796658863901735,'cn_4novoyrdg3u32qbhfwb2kyfwg4');
INSERT INTO ledger_entries VALUES('acct_e2e','led_sjj7ong4uagrgq2cusii263gzq','cus_yga3idekqmc2txtfmrxuz3ckxe','inv_dec2yh4csfiwupqalpsbkf5x2u','payment_received',-25000,'USD',1796658863905021,'pay_pijrzkskk3ebehq7ug7s2a3bsi');
CREATE TABLE outbox_messages (
  account_id        TEXT NOT NULL,
  id                TEXT NOT NULL,
  topic             TEXT NOT NULL,
  payload           TEXT NOT NULL,
  create_time_us    INTEGER NOT NULL,
  delivered_time_us INTEGER,
  PRIMARY KEY (account_id, id)
) STRICT;
INSERT INTO outbox_messages VALUES('acct_e2e','msg_tn2v7oaocdgdrrruyl4r7u64ta','invoice.send','{"invoiceId":"inv_uc6mjrribifykqr4bzzw3ha47m","customerId":"cus_2gzes73f7o6lgmmol2l65vpfny","amount":"595.17","currency":"EUR","dueDate":"2099-01-31"}',1796658863870169,NULL);
INSERT INTO outbox_messages VALUES('acct_e2e','msg_7jrtx6xtckih4ggfo7kq5yonee','invoice.send','{"invoiceId":"inv_xxgd73wqu4lbcjmju3sbdpy7bq","customerId":"cus_2gzes73f7o6lgmmol2l65vpfny","amount":"32.10","currency":"EUR","dueDate":"2026-12-27"}',1796658863878274,NULL);
INSERT INTO outbox_messages VALUES('acct_e2e','msg_zhz5xuul4uvjdmekk6w3m2k2ni','invoice.send','{"invoiceId":"inv_dec2yh4csfiwupqalpsbkf5x2u","customerId":"cus_yga3idekqmc2txtfmrxuz3ckxe","amount":"250.00","currency":"USD","dueDate":"2099-02-28"}',1796658863882012,NULL);
INSERT INTO outbox_messages VALUES('acct_e2e','msg_g6x4cn6aahlddrnhumr5fwyvz4','invoice.send','{"invoiceId":"inv_shzcbxa7amlhg2r2lgzyak2tlu","customerId":"cus_yga3idekqmc2txtfmrxuz3ckxe","amount":"9.99","currency":"USD","dueDate":"2099-02-28"}',1796658863888646,NULL);
CREATE TABLE revenue_calculations (
  account_id       TEXT NOT NULL,
  id               TEXT NOT NULL,
  status           TEXT NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'failed')),
  period_start     TEXT NOT NULL,
  period_end       TEXT NOT NULL,
  customer_id      TEXT,  -- NULL: every customer of the account
  failure_reason   TEXT NOT NULL DEFAULT '',
  create_time_us   INTEGER NOT NULL,
  start_time_us    INTEGER,
  complete_time_us INTEGER,
  PRIMARY KEY (account_id, id)
) STRICT;
INSERT INTO revenue_calculations VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4','succeeded','2026-01-01','2035-12-31',NULL,'',1796658863911577,1796658863912698,1796658863916611);
CREATE TABLE revenue_results (
  account_id       TEXT NOT NULL,
  calculation_id   TEXT NOT NULL,
  position         INTEGER NOT NULL,
  currency         TEXT NOT NULL,
  recognized_minor INTEGER NOT NULL,
  deferred_minor   INTEGER NOT NULL,
  PRIMARY KEY (account_id, calculation_id, position),
  FOREIGN KEY (account_id, calculation_id)
    REFERENCES revenue_calculations (account_id, id) ON DELETE CASCADE
) STRICT;
INSERT INTO revenue_results VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',0,'EUR',48014,0);
INSERT INTO revenue_results VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',1,'USD',25000,0);
CREATE TABLE revenue_schedule_entries (
  account_id      TEXT NOT NULL,
  calculation_id  TEXT NOT NULL,
  result_position INTEGER NOT NULL,
  position        INTEGER NOT NULL,
  month           TEXT NOT NULL,
  amount_minor    INTEGER NOT NULL,
  PRIMARY KEY (account_id, calculation_id, result_position, position),
  FOREIGN KEY (account_id, calculation_id, result_position)
    REFERENCES revenue_results (account_id, calculation_id, position) ON DELETE CASCADE
) STRICT;
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',0,0,'2026-01',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',0,1,'2026-02',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',0,2,'2026-03',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',0,3,'2026-04',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',0,4,'2026-05',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',0,5,'2026-06',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',0,6,'2026-07',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',0,7,'2026-08',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',0,8,'2026-09',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',0,9,'2026-10',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',0,10,'2026-11',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',0,11,'2026-12',48014);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',0,12,'2027-01',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',0,13,'2027-02',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',0,14,'2027-03',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',0,15,'2027-04',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',0,16,'2027-05',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',0,17,'2027-06',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',0,18,'2027-07',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',0,19,'2027-08',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',0,20,'2027-09',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',0,21,'2027-10',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',0,22,'2027-11',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',0,23,'2027-12',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',0,24,'2028-01',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',0,25,'2028-02',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',0,26,'2028-03',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',0,27,'2028-04',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',0,28,'2028-05',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',0,29,'2028-06',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',0,30,'2028-07',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',0,31,'2028-08',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',0,32,'2028-09',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',0,33,'2028-10',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',0,34,'2028-11',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',0,35,'2028-12',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',0,36,'2029-01',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',0,37,'2029-02',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',0,38,'2029-03',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',0,39,'2029-04',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',0,40,'2029-05',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',0,41,'2029-06',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',0,42,'2029-07',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',0,43,'2029-08',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',0,44,'2029-09',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',0,45,'2029-10',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',0,46,'2029-11',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',0,47,'2029-12',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',0,48,'2030-01',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',0,49,'2030-02',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',0,50,'2030-03',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',0,51,'2030-04',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',0,52,'2030-05',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',0,53,'2030-06',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',0,54,'2030-07',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',0,55,'2030-08',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',0,56,'2030-09',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',0,57,'2030-10',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',0,58,'2030-11',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',0,59,'2030-12',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',0,60,'2031-01',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',0,61,'2031-02',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',0,62,'2031-03',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',0,63,'2031-04',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',0,64,'2031-05',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',0,65,'2031-06',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',0,66,'2031-07',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',0,67,'2031-08',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',0,68,'2031-09',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',0,69,'2031-10',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',0,70,'2031-11',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',0,71,'2031-12',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',0,72,'2032-01',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',0,73,'2032-02',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',0,74,'2032-03',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',0,75,'2032-04',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',0,76,'2032-05',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',0,77,'2032-06',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',0,78,'2032-07',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',0,79,'2032-08',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',0,80,'2032-09',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',0,81,'2032-10',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',0,82,'2032-11',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',0,83,'2032-12',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',0,84,'2033-01',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',0,85,'2033-02',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',0,86,'2033-03',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',0,87,'2033-04',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',0,88,'2033-05',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',0,89,'2033-06',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',0,90,'2033-07',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',0,91,'2033-08',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',0,92,'2033-09',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',0,93,'2033-10',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',0,94,'2033-11',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',0,95,'2033-12',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',0,96,'2034-01',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',0,97,'2034-02',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',0,98,'2034-03',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',0,99,'2034-04',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',0,100,'2034-05',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',0,101,'2034-06',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',0,102,'2034-07',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',0,103,'2034-08',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',0,104,'2034-09',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',0,105,'2034-10',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',0,106,'2034-11',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',0,107,'2034-12',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',0,108,'2035-01',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',0,109,'2035-02',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',0,110,'2035-03',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',0,111,'2035-04',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',0,112,'2035-05',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',0,113,'2035-06',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',0,114,'2035-07',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',0,115,'2035-08',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',0,116,'2035-09',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',0,117,'2035-10',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',0,118,'2035-11',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',0,119,'2035-12',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',1,0,'2026-01',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',1,1,'2026-02',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',1,2,'2026-03',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',1,3,'2026-04',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',1,4,'2026-05',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',1,5,'2026-06',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',1,6,'2026-07',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',1,7,'2026-08',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',1,8,'2026-09',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',1,9,'2026-10',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',1,10,'2026-11',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',1,11,'2026-12',25000);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',1,12,'2027-01',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',1,13,'2027-02',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',1,14,'2027-03',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',1,15,'2027-04',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',1,16,'2027-05',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',1,17,'2027-06',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',1,18,'2027-07',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',1,19,'2027-08',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',1,20,'2027-09',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',1,21,'2027-10',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',1,22,'2027-11',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',1,23,'2027-12',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',1,24,'2028-01',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',1,25,'2028-02',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',1,26,'2028-03',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',1,27,'2028-04',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',1,28,'2028-05',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',1,29,'2028-06',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',1,30,'2028-07',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',1,31,'2028-08',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',1,32,'2028-09',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',1,33,'2028-10',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',1,34,'2028-11',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',1,35,'2028-12',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',1,36,'2029-01',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',1,37,'2029-02',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',1,38,'2029-03',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',1,39,'2029-04',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',1,40,'2029-05',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',1,41,'2029-06',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',1,42,'2029-07',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',1,43,'2029-08',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',1,44,'2029-09',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',1,45,'2029-10',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',1,46,'2029-11',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',1,47,'2029-12',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',1,48,'2030-01',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',1,49,'2030-02',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',1,50,'2030-03',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',1,51,'2030-04',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',1,52,'2030-05',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',1,53,'2030-06',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',1,54,'2030-07',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',1,55,'2030-08',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',1,56,'2030-09',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',1,57,'2030-10',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',1,58,'2030-11',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',1,59,'2030-12',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',1,60,'2031-01',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',1,61,'2031-02',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',1,62,'2031-03',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',1,63,'2031-04',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',1,64,'2031-05',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',1,65,'2031-06',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',1,66,'2031-07',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',1,67,'2031-08',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',1,68,'2031-09',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',1,69,'2031-10',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',1,70,'2031-11',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',1,71,'2031-12',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',1,72,'2032-01',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',1,73,'2032-02',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',1,74,'2032-03',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',1,75,'2032-04',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',1,76,'2032-05',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',1,77,'2032-06',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',1,78,'2032-07',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',1,79,'2032-08',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',1,80,'2032-09',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',1,81,'2032-10',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',1,82,'2032-11',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',1,83,'2032-12',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',1,84,'2033-01',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',1,85,'2033-02',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',1,86,'2033-03',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',1,87,'2033-04',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',1,88,'2033-05',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',1,89,'2033-06',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',1,90,'2033-07',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',1,91,'2033-08',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',1,92,'2033-09',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',1,93,'2033-10',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',1,94,'2033-11',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',1,95,'2033-12',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',1,96,'2034-01',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',1,97,'2034-02',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',1,98,'2034-03',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',1,99,'2034-04',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',1,100,'2034-05',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',1,101,'2034-06',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',1,102,'2034-07',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',1,103,'2034-08',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',1,104,'2034-09',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',1,105,'2034-10',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',1,106,'2034-11',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',1,107,'2034-12',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',1,108,'2035-01',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',1,109,'2035-02',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',1,110,'2035-03',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',1,111,'2035-04',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',1,112,'2035-05',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',1,113,'2035-06',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',1,114,'2035-07',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',1,115,'2035-08',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',1,116,'2035-09',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',1,117,'2035-10',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',1,118,'2035-11',0);
INSERT INTO revenue_schedule_entries VALUES('acct_e2e','rcalc_sq2x5hihthwwy4nebalwyfxps4',1,119,'2035-12',0);
CREATE TABLE api_keys (
  id             TEXT NOT NULL PRIMARY KEY,
  account_id     TEXT NOT NULL,
  scopes         TEXT NOT NULL,
  secret_sha256  TEXT NOT NULL,
  create_time_us INTEGER NOT NULL,
  revoke_time_us INTEGER
) STRICT;
INSERT INTO api_keys VALUES('5qbwmeduh5iiyfhj','acct_e2e','customers:read,customers:write,invoices:read,invoices:write,revenue:read,revenue:write,events:read,webhooks:read,webhooks:write,organization:read,organization:write,tax_rates:read,tax_rates:write','5daca88fd9625815d4ee7183c105753d866519d4732bbc038fea95e9428b9531',1796658863810979,NULL);
CREATE TABLE idempotency_keys (
  account_id     TEXT NOT NULL,
  key            TEXT NOT NULL,
  fingerprint    TEXT NOT NULL,
  answer         TEXT NOT NULL,
  create_time_us INTEGER NOT NULL,
  PRIMARY KEY (account_id, key)
) STRICT;
CREATE TABLE events (
  account_id     TEXT NOT NULL,
  id             TEXT NOT NULL,
  type           TEXT NOT NULL,
  resource_id    TEXT NOT NULL,
  data_json      TEXT NOT NULL,
  create_time_us INTEGER NOT NULL,
  PRIMARY KEY (account_id, id)
) STRICT;
INSERT INTO events VALUES('acct_e2e','evt_dbacziovrwt4ryu2vcffz4yotm','customer.created','cus_2gzes73f7o6lgmmol2l65vpfny','{"id":"cus_2gzes73f7o6lgmmol2l65vpfny","name":"Acme","email":"ap@acme.example","defaultCurrency":"EUR","createTime":"2026-12-07T15:54:23.830589Z","updateTime":"2026-12-07T15:54:23.830589Z","etag":"bcea946f557cacd223a72a350f1c5f8e","balances":[],"legalName":"Acme B.V.","billingAddress":{"line1":"Damrak 1","line2":"","city":"Amsterdam","postalCode":"1012 LG","region":"","country":"NL"},"taxIds":[{"type":"eu_vat","value":"NL853033937B01"}],"taxExempt":"none","paymentTermsDays":20,"electronicAddress":{"scheme":"0106","value":"12345678"}}',1796658863831143);
INSERT INTO events VALUES('acct_e2e','evt_jwoeocrhlo26gce2vo2idqw3ma','customer.created','cus_yga3idekqmc2txtfmrxuz3ckxe','{"id":"cus_yga3idekqmc2txtfmrxuz3ckxe","name":"Globex","email":"ap@globex.example","defaultCurrency":"USD","createTime":"2026-12-07T15:54:23.834456Z","updateTime":"2026-12-07T15:54:23.834456Z","etag":"e051f183384d1f8b263a050d955fc913","balances":[],"legalName":"","billingAddress":null,"taxIds":[],"taxExempt":"none","electronicAddress":null}',1796658863834601);
INSERT INTO events VALUES('acct_e2e','evt_7hfaiqvq2ivfcnf5r52pnchpiy','customer.created','cus_jnbrsnuwa4sunt3eyi23pputra','{"id":"cus_jnbrsnuwa4sunt3eyi23pputra","name":"Initech","email":"ap@initech.example","defaultCurrency":"EUR","createTime":"2026-12-07T15:54:23.836483Z","updateTime":"2026-12-07T15:54:23.836483Z","etag":"1bd301258d438af52328e9549f2db78c","balances":[],"legalName":"","billingAddress":null,"taxIds":[],"taxExempt":"none","electronicAddress":null}',1796658863836697);
INSERT INTO events VALUES('acct_e2e','evt_pbpvi7wl5zxiv4va2pq6ow6vsi','customer.deleted','cus_jnbrsnuwa4sunt3eyi23pputra','{"id":"cus_jnbrsnuwa4sunt3eyi23pputra","name":"Initech","email":"ap@initech.example","defaultCurrency":"EUR","createTime":"2026-12-07T15:54:23.836483Z","updateTime":"2026-12-07T15:54:23.836483Z","etag":"1bd301258d438af52328e9549f2db78c","balances":[],"legalName":"","billingAddress":null,"taxIds":[],"taxExempt":"none","electronicAddress":null}',1796658863839706);
INSERT INTO events VALUES('acct_e2e','evt_6oaa2zsl23qsag3gh7ay6wyqwy','invoice.created','inv_uc6mjrribifykqr4bzzw3ha47m','{"id":"inv_uc6mjrribifykqr4bzzw3ha47m","customerId":"cus_2gzes73f7o6lgmmol2l65vpfny","currency":"EUR","amount":"595.17","status":"draft","dueDate":"2099-01-31","notes":"","lineItems":[{"description":"Consulting","quantity":0,"unitAmount":"80.00","amount":"600.00","servicePeriodStart":"","servicePeriodEnd":"","quantityDecimal":"7.5","discountAmount":"100.00","taxRateId":"txr_6n5pwipvrqn724reovdjmroxea","netAmount":"500.00","taxAmount":"95.00"},{"description":"Travel","quantity":2,"unitAmount":"0.07","amount":"0.14","servicePeriodStart":"","servicePeriodEnd":"","quantityDecimal":"2","discountAmount":"","taxRateId":"txr_6n5pwipvrqn724reovdjmroxea","netAmount":"0.14","taxAmount":"0.03"}],"createTime":"2026-12-07T15:54:23.850104Z","updateTime":"2026-12-07T15:54:23.850104Z","processTime":null,"payTime":null,"cancelTime":null,"etag":"a63b3f55e24ca515274cb62453d173ac","number":"","amountPaid":"0.00","amountCredited":"0.00","amountDue":"595.17","deliveryStatus":"not_sent","sentTime":null,"deliveryError":"","deliveryAttempts":0,"defaultTaxRateId":"","subtotal":"500.14","taxAmount":"95.03","total":"595.17","taxBreakdown":[{"category":"S","percentage":"19","taxableAmount":"500.14","taxAmount":"95.03","exemptionReason":"","exemptionReasonCode":""}],"seller":null,"buyer":null}',1796658863850728);
INSERT INTO events VALUES('acct_e2e','evt_tamxv337uke2rhkgvkzhsdpqbi','invoice.created','inv_xxgd73wqu4lbcjmju3sbdpy7bq','{"id":"inv_xxgd73wqu4lbcjmju3sbdpy7bq","customerId":"cus_2gzes73f7o6lgmmol2l65vpfny","currency":"EUR","amount":"32.10","status":"draft","dueDate":"","notes":"","lineItems":[{"description":"Books","quantity":3,"unitAmount":"10.70","amount":"32.10","servicePeriodStart":"","servicePeriodEnd":"","quantityDecimal":"3","discountAmount":"","taxRateId":"","netAmount":"30.00","taxAmount":"2.10"}],"createTime":"2026-12-07T15:54:23.854886Z","updateTime":"2026-12-07T15:54:23.854886Z","processTime":null,"payTime":null,"cancelTime":null,"etag":"5308eda4160cc4c49bc7465590bd28ba","number":"","amountPaid":"0.00","amountCredited":"0.00","amountDue":"32.10","deliveryStatus":"not_sent","sentTime":null,"deliveryError":"","deliveryAttempts":0,"defaultTaxRateId":"txr_xkgjlwk5m6kn5i26cgk63v5sny","subtotal":"30.00","taxAmount":"2.10","total":"32.10","taxBreakdown":[{"category":"S","percentage":"7","taxableAmount":"30.00","taxAmount":"2.10","exemptionReason":"","exemptionReasonCode":""}],"seller":null,"buyer":null}',1796658863855116);
INSERT INTO events VALUES('acct_e2e','evt_vd4dougbywh54utuomqrqnh3zy','invoice.created','inv_dec2yh4csfiwupqalpsbkf5x2u','{"id":"inv_dec2yh4csfiwupqalpsbkf5x2u","customerId":"cus_yga3idekqmc2txtfmrxuz3ckxe","currency":"USD","amount":"250.00","status":"draft","dueDate":"2099-02-28","notes":"","lineItems":[{"description":"Support","quantity":1,"unitAmount":"250.00","amount":"250.00","servicePeriodStart":"","servicePeriodEnd":"","quantityDecimal":"1","discountAmount":"","taxRateId":"","netAmount":"250.00","taxAmount":"0.00"}],"createTime":"2026-12-07T15:54:23.862309Z","updateTime":"2026-12-07T15:54:23.862309Z","processTime":null,"payTime":null,"cancelTime":null,"etag":"629f8d99c8b3faeda7030742da64e953","number":"","amountPaid":"0.00","amountCredited":"0.00","amountDue":"250.00","deliveryStatus":"not_sent","sentTime":null,"deliveryError":"","deliveryAttempts":0,"defaultTaxRateId":"","subtotal":"250.00","taxAmount":"0.00","total":"250.00","taxBreakdown":[],"seller":null,"buyer":null}',1796658863862450);
INSERT INTO events VALUES('acct_e2e','evt_ju3duresat45b2iuhfoenleuma','invoice.created','inv_shzcbxa7amlhg2r2lgzyak2tlu','{"id":"inv_shzcbxa7amlhg2r2lgzyak2tlu","customerId":"cus_yga3idekqmc2txtfmrxuz3ckxe","currency":"USD","amount":"9.99","status":"draft","dueDate":"2099-02-28","notes":"","lineItems":[{"description":"Mistake","quantity":1,"unitAmount":"9.99","amount":"9.99","servicePeriodStart":"","servicePeriodEnd":"","quantityDecimal":"1","discountAmount":"","taxRateId":"","netAmount":"9.99","taxAmount":"0.00"}],"createTime":"2026-12-07T15:54:23.865091Z","updateTime":"2026-12-07T15:54:23.865091Z","processTime":null,"payTime":null,"cancelTime":null,"etag":"6a6667962a1a3e5934c259d1d9338ba6","number":"","amountPaid":"0.00","amountCredited":"0.00","amountDue":"9.99","deliveryStatus":"not_sent","sentTime":null,"deliveryError":"","deliveryAttempts":0,"defaultTaxRateId":"","subtotal":"9.99","taxAmount":"0.00","total":"9.99","taxBreakdown":[],"seller":null,"buyer":null}',1796658863865225);
INSERT INTO events VALUES('acct_e2e','evt_dfkubqflpyagyl5igyl7354phi','invoice.created','inv_geo42eflf6ek5d6vfcay2nhr4i','{"id":"inv_geo42eflf6ek5d6vfcay2nhr4i","customerId":"cus_yga3idekqmc2txtfmrxuz3ckxe","currency":"USD","amount":"5.00","status":"draft","dueDate":"","notes":"","lineItems":[{"description":"Still a draft","quantity":4,"unitAmount":"1.25","amount":"5.00","servicePeriodStart":"","servicePeriodEnd":"","quantityDecimal":"4","discountAmount":"","taxRateId":"","netAmount":"5.00","taxAmount":"0.00"}],"createTime":"2026-12-07T15:54:23.867544Z","updateTime":"2026-12-07T15:54:23.867544Z","processTime":null,"payTime":null,"cancelTime":null,"etag":"955b076e42622b7ada04fb96e6501ee1","number":"","amountPaid":"0.00","amountCredited":"0.00","amountDue":"5.00","deliveryStatus":"not_sent","sentTime":null,"deliveryError":"","deliveryAttempts":0,"defaultTaxRateId":"","subtotal":"5.00","taxAmount":"0.00","total":"5.00","taxBreakdown":[],"seller":null,"buyer":null}',1796658863867672);
INSERT INTO events VALUES('acct_e2e','evt_6s3xsidwekttbiplr3xm7b56py','customer.updated','cus_2gzes73f7o6lgmmol2l65vpfny','{"id":"cus_2gzes73f7o6lgmmol2l65vpfny","name":"Acme","email":"ap@acme.example","defaultCurrency":"EUR","createTime":"2026-12-07T15:54:23.830589Z","updateTime":"2026-12-07T15:54:23.830589Z","etag":"847d583449993bc7db6aa1bd9ce6e53f","balances":[{"currency":"EUR","amount":"595.17"}],"legalName":"Acme B.V.","billingAddress":{"line1":"Damrak 1","line2":"","city":"Amsterdam","postalCode":"1012 LG","region":"","country":"NL"},"taxIds":[{"type":"eu_vat","value":"NL853033937B01"}],"taxExempt":"none","paymentTermsDays":20,"electronicAddress":{"scheme":"0106","value":"12345678"}}',1796658863870169);
INSERT INTO events VALUES('acct_e2e','evt_fgzy6igzvh5gueymysbliiplhu','invoice.processed','inv_uc6mjrribifykqr4bzzw3ha47m','{"id":"inv_uc6mjrribifykqr4bzzw3ha47m","customerId":"cus_2gzes73f7o6lgmmol2l65vpfny","currency":"EUR","amount":"595.17","status":"pending","dueDate":"2099-01-31","notes":"","lineItems":[{"description":"Consulting","quantity":0,"unitAmount":"80.00","amount":"600.00","servicePeriodStart":"","servicePeriodEnd":"","quantityDecimal":"7.5","discountAmount":"100.00","taxRateId":"txr_6n5pwipvrqn724reovdjmroxea","netAmount":"500.00","taxAmount":"95.00"},{"description":"Travel","quantity":2,"unitAmount":"0.07","amount":"0.14","servicePeriodStart":"","servicePeriodEnd":"","quantityDecimal":"2","discountAmount":"","taxRateId":"txr_6n5pwipvrqn724reovdjmroxea","netAmount":"0.14","taxAmount":"0.03"}],"createTime":"2026-12-07T15:54:23.850104Z","updateTime":"2026-12-07T15:54:23.870169Z","processTime":"2026-12-07T15:54:23.870169Z","payTime":null,"cancelTime":null,"etag":"ce07f6fbe71730e9c1dbbbfdf2298a0b","number":"INV-000001","amountPaid":"0.00","amountCredited":"0.00","amountDue":"595.17","deliveryStatus":"not_configured","sentTime":null,"deliveryError":"","deliveryAttempts":0,"defaultTaxRateId":"","subtotal":"500.14","taxAmount":"95.03","total":"595.17","taxBreakdown":[{"category":"S","percentage":"19","taxableAmount":"500.14","taxAmount":"95.03","exemptionReason":"","exemptionReasonCode":""}],"seller":{"legalName":"Zoë Müller Consulting GmbH","tradingName":"ZM Consulting","address":{"line1":"Unter den Linden 1","line2":"","city":"Berlin","postalCode":"10117","region":"","country":"DE"},"taxIds":[{"type":"eu_vat","value":"DE811907980"}],"companyId":"HRB 12345","email":"billing@zm.example","phone":"","electronicAddress":{"scheme":"9930","value":"DE811907980"}},"buyer":{"legalName":"Acme B.V.","tradingName":"","address":{"line1":"Damrak 1","line2":"","city":"Amsterdam","postalCode":"1012 LG","region":"","country":"NL"},"taxIds":[{"type":"eu_vat","value":"NL853033937B01"}],"companyId":"","email":"ap@acme.example","phone":"","electronicAddress":{"scheme":"0106","value":"12345678"}}}',1796658863871493);
INSERT INTO events VALUES('acct_e2e','evt_salcit2peyyqu6kip5fyiweldy','customer.updated','cus_2gzes73f7o6lgmmol2l65vpfny','{"id":"cus_2gzes73f7o6lgmmol2l65vpfny","name":"Acme","email":"ap@acme.example","defaultCurrency":"EUR","createTime":"2026-12-07T15:54:23.830589Z","updateTime":"2026-12-07T15:54:23.830589Z","etag":"38184f87ba59b6cc602929d00a551d4a","balances":[{"currency":"EUR","amount":"627.27"}],"legalName":"Acme B.V.","billingAddress":{"line1":"Damrak 1","line2":"","city":"Amsterdam","postalCode":"1012 LG","region":"","country":"NL"},"taxIds":[{"type":"eu_vat","value":"NL853033937B01"}],"taxExempt":"none","paymentTermsDays":20,"electronicAddress":{"scheme":"0106","value":"12345678"}}',1796658863878274);
INSERT INTO events VALUES('acct_e2e','evt_yj42glhtbjvckwp6ffanhvufcy','invoice.processed','inv_xxgd73wqu4lbcjmju3sbdpy7bq','{"id":"inv_xxgd73wqu4lbcjmju3sbdpy7bq","customerId":"cus_2gzes73f7o6lgmmol2l65vpfny","currency":"EUR","amount":"32.10","status":"pending","dueDate":"2026-12-27","notes":"","lineItems":[{"description":"Books","quantity":3,"unitAmount":"10.70","amount":"32.10","servicePeriodStart":"","servicePeriodEnd":"","quantityDecimal":"3","discountAmount":"","taxRateId":"","netAmount":"30.00","taxAmount":"2.10"}],"createTime":"2026-12-07T15:54:23.854886Z","updateTime":"2026-12-07T15:54:23.878274Z","processTime":"2026-12-07T15:54:23.878274Z","payTime":null,"cancelTime":null,"etag":"9193eb6309c60976086c3face693e49c","number":"INV-000002","amountPaid":"0.00","amountCredited":"0.00","amountDue":"32.10","deliveryStatus":"not_configured","sentTime":null,"deliveryError":"","deliveryAttempts":0,"defaultTaxRateId":"txr_xkgjlwk5m6kn5i26cgk63v5sny","subtotal":"30.00","taxAmount":"2.10","total":"32.10","taxBreakdown":[{"category":"S","percentage":"7","taxableAmount":"30.00","taxAmount":"2.10","exemptionReason":"","exemptionReasonCode":""}],"seller":{"legalName":"Zoë Müller Consulting GmbH","tradingName":"ZM Consulting","address":{"line1":"Unter den Linden 1","line2":"","city":"Berlin","postalCode":"10117","region":"","country":"DE"},"taxIds":[{"type":"eu_vat","value":"DE811907980"}],"companyId":"HRB 12345","email":"billing@zm.example","phone":"","electronicAddress":{"scheme":"9930","value":"DE811907980"}},"buyer":{"legalName":"Acme B.V.","tradingName":"","address":{"line1":"Damrak 1","line2":"","city":"Amsterdam","postalCode":"1012 LG","region":"","country":"NL"},"taxIds":[{"type":"eu_vat","value":"NL853033937B01"}],"companyId":"","email":"ap@acme.example","phone":"","electronicAddress":{"scheme":"0106","value":"12345678"}}}',1796658863878898);
INSERT INTO events VALUES('acct_e2e','evt_hd7qlpjyqwxg6mxaidz74gqlt4','customer.updated','cus_yga3idekqmc2txtfmrxuz3ckxe','{"id":"cus_yga3idekqmc2txtfmrxuz3ckxe","name":"Globex","email":"ap@globex.example","defaultCurrency":"USD","createTime":"2026-12-07T15:54:23.834456Z","updateTime":"2026-12-07T15:54:23.834456Z","etag":"cb68d93a7fbc28839bb084905e468974","balances":[{"currency":"USD","amount":"250.00"}],"legalName":"","billingAddress":null,"taxIds":[],"taxExempt":"none","electronicAddress":null}',1796658863882012);
INSERT INTO events VALUES('acct_e2e','evt_pxa6hyddleelnumc3l3pybo26u','invoice.processed','inv_dec2yh4csfiwupqalpsbkf5x2u','{"id":"inv_dec2yh4csfiwupqalpsbkf5x2u","customerId":"cus_yga3idekqmc2txtfmrxuz3ckxe","currency":"USD","amount":"250.00","status":"pending","dueDate":"2099-02-28","notes":"","lineItems":[{"description":"Support","quantity":1,"unitAmount":"250.00","amount":"250.00","servicePeriodStart":"","servicePeriodEnd":"","quantityDecimal":"1","discountAmount":"","taxRateId":"","netAmount":"250.00","taxAmount":"0.00"}],"createTime":"2026-12-07T15:54:23.862309Z","updateTime":"2026-12-07T15:54:23.882012Z","processTime":"2026-12-07T15:54:23.882012Z","payTime":null,"cancelTime":null,"etag":"19839a97ed112b0ff00de4240f22ee3f","number":"INV-000003","amountPaid":"0.00","amountCredited":"0.00","amountDue":"250.00","deliveryStatus":"not_configured","sentTime":null,"deliveryError":"","deliveryAttempts":0,"defaultTaxRateId":"","subtotal":"250.00","taxAmount":"0.00","total":"250.00","taxBreakdown":[],"seller":{"legalName":"Zoë Müller Consulting GmbH","tradingName":"ZM Consulting","address":{"line1":"Unter den Linden 1","line2":"","city":"Berlin","postalCode":"10117","region":"","country":"DE"},"taxIds":[{"type":"eu_vat","value":"DE811907980"}],"companyId":"HRB 12345","email":"billing@zm.example","phone":"","electronicAddress":{"scheme":"9930","value":"DE811907980"}},"buyer":{"legalName":"Globex","tradingName":"","address":{"line1":"","line2":"","city":"","postalCode":"","region":"","country":""},"taxIds":[],"companyId":"","email":"ap@globex.example","phone":"","electronicAddress":null}}',1796658863882457);
INSERT INTO events VALUES('acct_e2e','evt_ubktg55svsmly43dghcab233be','customer.updated','cus_yga3idekqmc2txtfmrxuz3ckxe','{"id":"cus_yga3idekqmc2txtfmrxuz3ckxe","name":"Globex","email":"ap@globex.example","defaultCurrency":"USD","createTime":"2026-12-07T15:54:23.834456Z","updateTime":"2026-12-07T15:54:23.834456Z","etag":"9aa61553f1498d5ed5bbb27f2e274201","balances":[{"currency":"USD","amount":"259.99"}],"legalName":"","billingAddress":null,"taxIds":[],"taxExempt":"none","electronicAddress":null}',1796658863888646);
INSERT INTO events VALUES('acct_e2e','evt_2vttkl523etbut6h75uhwbbfoe','invoice.processed','inv_shzcbxa7amlhg2r2lgzyak2tlu','{"id":"inv_shzcbxa7amlhg2r2lgzyak2tlu","customerId":"cus_yga3idekqmc2txtfmrxuz3ckxe","currency":"USD","amount":"9.99","status":"pending","dueDate":"2099-02-28","notes":"","lineItems":[{"description":"Mistake","quantity":1,"unitAmount":"9.99","amount":"9.99","servicePeriodStart":"","servicePeriodEnd":"","quantityDecimal":"1","discountAmount":"","taxRateId":"","netAmount":"9.99","taxAmount":"0.00"}],"createTime":"2026-12-07T15:54:23.865091Z","updateTime":"2026-12-07T15:54:23.888646Z","processTime":"2026-12-07T15:54:23.888646Z","payTime":null,"cancelTime":null,"etag":"083e0293c61252a497c89b539f3b0348","number":"INV-000004","amountPaid":"0.00","amountCredited":"0.00","amountDue":"9.99","deliveryStatus":"not_configured","sentTime":null,"deliveryError":"","deliveryAttempts":0,"defaultTaxRateId":"","subtotal":"9.99","taxAmount":"0.00","total":"9.99","taxBreakdown":[],"seller":{"legalName":"Zoë Müller Consulting GmbH","tradingName":"ZM Consulting","address":{"line1":"Unter den Linden 1","line2":"","city":"Berlin","postalCode":"10117","region":"","country":"DE"},"taxIds":[{"type":"eu_vat","value":"DE811907980"}],"companyId":"HRB 12345","email":"billing@zm.example","phone":"","electronicAddress":{"scheme":"9930","value":"DE811907980"}},"buyer":{"legalName":"Globex","tradingName":"","address":{"line1":"","line2":"","city":"","postalCode":"","region":"","country":""},"taxIds":[],"companyId":"","email":"ap@globex.example","phone":"","electronicAddress":null}}',1796658863889033);
INSERT INTO events VALUES('acct_e2e','evt_oaggt77oxsdtsn2jotyclvlu6u','customer.updated','cus_yga3idekqmc2txtfmrxuz3ckxe','{"id":"cus_yga3idekqmc2txtfmrxuz3ckxe","name":"Globex","email":"ap@globex.example","defaultCurrency":"USD","createTime":"2026-12-07T15:54:23.834456Z","updateTime":"2026-12-07T15:54:23.834456Z","etag":"cb68d93a7fbc28839bb084905e468974","balances":[{"currency":"USD","amount":"250.00"}],"legalName":"","billingAddress":null,"taxIds":[],"taxExempt":"none","electronicAddress":null}',1796658863893239);
INSERT INTO events VALUES('acct_e2e','evt_shtbm2kxdzzy2vjevmuannzxfq','invoice.cancelled','inv_shzcbxa7amlhg2r2lgzyak2tlu','{"id":"inv_shzcbxa7amlhg2r2lgzyak2tlu","customerId":"cus_yga3idekqmc2txtfmrxuz3ckxe","currency":"USD","amount":"9.99","status":"cancelled","dueDate":"2099-02-28","notes":"","lineItems":[{"description":"Mistake","quantity":1,"unitAmount":"9.99","amount":"9.99","servicePeriodStart":"","servicePeriodEnd":"","quantityDecimal":"1","discountAmount":"","taxRateId":"","netAmount":"9.99","taxAmount":"0.00"}],"createTime":"2026-12-07T15:54:23.865091Z","updateTime":"2026-12-07T15:54:23.893239Z","processTime":"2026-12-07T15:54:23.888646Z","payTime":null,"cancelTime":"2026-12-07T15:54:23.893239Z","etag":"4380252e0c5ba7d54fd4990dd3e7c571","number":"INV-000004","amountPaid":"0.00","amountCredited":"0.00","amountDue":"0.00","deliveryStatus":"not_configured","sentTime":null,"deliveryError":"","deliveryAttempts":0,"defaultTaxRateId":"","subtotal":"9.99","taxAmount":"0.00","total":"9.99","taxBreakdown":[],"seller":{"legalName":"Zoë Müller Consulting GmbH","tradingName":"ZM Consulting","address":{"line1":"Unter den Linden 1","line2":"","city":"Berlin","postalCode":"10117","region":"","country":"DE"},"taxIds":[{"type":"eu_vat","value":"DE811907980"}],"companyId":"HRB 12345","email":"billing@zm.example","phone":"","electronicAddress":{"scheme":"9930","value":"DE811907980"}},"buyer":{"legalName":"Globex","tradingName":"","address":{"line1":"","line2":"","city":"","postalCode":"","region":"","country":""},"taxIds":[],"companyId":"","email":"ap@globex.example","phone":"","electronicAddress":null}}',1796658863893595);
INSERT INTO events VALUES('acct_e2e','evt_wwtklo6pgcn7is34ifvxbdcfda','customer.updated','cus_2gzes73f7o6lgmmol2l65vpfny','{"id":"cus_2gzes73f7o6lgmmol2l65vpfny","name":"Acme","email":"ap@acme.example","defaultCurrency":"EUR","createTime":"2026-12-07T15:54:23.830589Z","updateTime":"2026-12-07T15:54:23.830589Z","etag":"484aada432d5cbc3a8f576f8e2be7957","balances":[{"currency":"EUR","amount":"527.27"}],"legalName":"Acme B.V.","billingAddress":{"line1":"Damrak 1","line2":"","city":"Amsterdam","postalCode":"1012 LG","region":"","country":"NL"},"taxIds":[{"type":"eu_vat","value":"NL853033937B01"}],"taxExempt":"none","paymentTermsDays":20,"electronicAddress":{"scheme":"0106","value":"12345678"}}',1796658863898431);
INSERT INTO events VALUES('acct_e2e','evt_w2keqpewwxgfcw6elfclml7fsi','payment.created','pay_oqob3vz53fuktc5rpoyibr56gy','{"id":"pay_oqob3vz53fuktc5rpoyibr56gy","invoiceId":"inv_uc6mjrribifykqr4bzzw3ha47m","customerId":"cus_2gzes73f7o6lgmmol2l65vpfny","amount":"100.00","currency":"EUR","method":"card","reference":"","receivedDate":"2026-12-07","createTime":"2026-12-07T15:54:23.898431Z","etag":"a842e21012bbfcb9c9ee1e36073967de"}',1796658863898431);
INSERT INTO events VALUES('acct_e2e','evt_rda5rilja4lu2vqvox5kohbazu','invoice.updated','inv_uc6mjrribifykqr4bzzw3ha47m','{"id":"inv_uc6mjrribifykqr4bzzw3ha47m","customerId":"cus_2gzes73f7o6lgmmol2l65vpfny","currency":"EUR","amount":"595.17","status":"pending","dueDate":"2099-01-31","notes":"","lineItems":[{"description":"Consulting","quantity":0,"unitAmount":"80.00","amount":"600.00","servicePeriodStart":"","servicePeriodEnd":"","quantityDecimal":"7.5","discountAmount":"100.00","taxRateId":"txr_6n5pwipvrqn724reovdjmroxea","netAmount":"500.00","taxAmount":"95.00"},{"description":"Travel","quantity":2,"unitAmount":"0.07","amount":"0.14","servicePeriodStart":"","servicePeriodEnd":"","quantityDecimal":"2","discountAmount":"","taxRateId":"txr_6n5pwipvrqn724reovdjmroxea","netAmount":"0.14","taxAmount":"0.03"}],"createTime":"2026-12-07T15:54:23.850104Z","updateTime":"2026-12-07T15:54:23.898431Z","processTime":"2026-12-07T15:54:23.870169Z","payTime":null,"cancelTime":null,"etag":"26e84c2be998917aecd1bbcdc9d730c0","number":"INV-000001","amountPaid":"100.00","amountCredited":"0.00","amountDue":"495.17","deliveryStatus":"not_configured","sentTime":null,"deliveryError":"","deliveryAttempts":0,"defaultTaxRateId":"","subtotal":"500.14","taxAmount":"95.03","total":"595.17","taxBreakdown":[{"category":"S","percentage":"19","taxableAmount":"500.14","taxAmount":"95.03","exemptionReason":"","exemptionReasonCode":""}],"seller":{"legalName":"Zoë Müller Consulting GmbH","tradingName":"ZM Consulting","address":{"line1":"Unter den Linden 1","line2":"","city":"Berlin","postalCode":"10117","region":"","country":"DE"},"taxIds":[{"type":"eu_vat","value":"DE811907980"}],"companyId":"HRB 12345","email":"billing@zm.example","phone":"","electronicAddress":{"scheme":"9930","value":"DE811907980"}},"buyer":{"legalName":"Acme B.V.","tradingName":"","address":{"line1":"Damrak 1","line2":"","city":"Amsterdam","postalCode":"1012 LG","region":"","country":"NL"},"taxIds":[{"type":"eu_vat","value":"NL853033937B01"}],"companyId":"","email":"ap@acme.example","phone":"","electronicAddress":{"scheme":"0106","value":"12345678"}}}',1796658863898431);
INSERT INTO events VALUES('acct_e2e','evt_5h5y654lcj3wgmmy2uzr4lgd4e','customer.updated','cus_2gzes73f7o6lgmmol2l65vpfny','{"id":"cus_2gzes73f7o6lgmmol2l65vpfny","name":"Acme","email":"ap@acme.example","defaultCurrency":"EUR","createTime":"2026-12-07T15:54:23.830589Z","updateTime":"2026-12-07T15:54:23.830589Z","etag":"f558f8c29fae08886c5066c455bb413d","balances":[{"currency":"EUR","amount":"467.77"}],"legalName":"Acme B.V.","billingAddress":{"line1":"Damrak 1","line2":"","city":"Amsterdam","postalCode":"1012 LG","region":"","country":"NL"},"taxIds":[{"type":"eu_vat","value":"NL853033937B01"}],"taxExempt":"none","paymentTermsDays":20,"electronicAddress":{"scheme":"0106","value":"12345678"}}',1796658863901735);
INSERT INTO events VALUES('acct_e2e','evt_oeedclkqiy7mkumcxxc327nrgq','credit_note.created','cn_4novoyrdg3u32qbhfwb2kyfwg4','{"id":"cn_4novoyrdg3u32qbhfwb2kyfwg4","number":"CN-000001","invoiceId":"inv_uc6mjrribifykqr4bzzw3ha47m","customerId":"cus_2gzes73f7o6lgmmol2l65vpfny","amount":"59.50","currency":"EUR","reason":"other","memo":"","date":"2026-12-07","createTime":"2026-12-07T15:54:23.901735Z","etag":"72bf042f8df4cf5443b8afb7bfbad980","subtotal":"50.00","taxAmount":"9.50","taxBreakdown":[{"category":"S","percentage":"19","taxableAmount":"50.00","taxAmount":"9.50","exemptionReason":"","exemptionReasonCode":""}]}',1796658863901735);
INSERT INTO events VALUES('acct_e2e','evt_lnlnb6bmw35klsnuwpb5xxtxmu','invoice.updated','inv_uc6mjrribifykqr4bzzw3ha47m','{"id":"inv_uc6mjrribifykqr4bzzw3ha47m","customerId":"cus_2gzes73f7o6lgmmol2l65vpfny","currency":"EUR","amount":"595.17","status":"pending","dueDate":"2099-01-31","notes":"","lineItems":[{"description":"Consulting","quantity":0,"unitAmount":"80.00","amount":"600.00","servicePeriodStart":"","servicePeriodEnd":"","quantityDecimal":"7.5","discountAmount":"100.00","taxRateId":"txr_6n5pwipvrqn724reovdjmroxea","netAmount":"500.00","taxAmount":"95.00"},{"description":"Travel","quantity":2,"unitAmount":"0.07","amount":"0.14","servicePeriodStart":"","servicePeriodEnd":"","quantityDecimal":"2","discountAmount":"","taxRateId":"txr_6n5pwipvrqn724reovdjmroxea","netAmount":"0.14","taxAmount":"0.03"}],"createTime":"2026-12-07T15:54:23.850104Z","updateTime":"2026-12-07T15:54:23.901735Z","processTime":"2026-12-07T15:54:23.870169Z","payTime":null,"cancelTime":null,"etag":"5a84ee5fb03f15be9affa1ed58eefdaf","number":"INV-000001","amountPaid":"100.00","amountCredited":"59.50","amountDue":"435.67","deliveryStatus":"not_configured","sentTime":null,"deliveryError":"","deliveryAttempts":0,"defaultTaxRateId":"","subtotal":"500.14","taxAmount":"95.03","total":"595.17","taxBreakdown":[{"category":"S","percentage":"19","taxableAmount":"500.14","taxAmount":"95.03","exemptionReason":"","exemptionReasonCode":""}],"seller":{"legalName":"Zoë Müller Consulting GmbH","tradingName":"ZM Consulting","address":{"line1":"Unter den Linden 1","line2":"","city":"Berlin","postalCode":"10117","region":"","country":"DE"},"taxIds":[{"type":"eu_vat","value":"DE811907980"}],"companyId":"HRB 12345","email":"billing@zm.example","phone":"","electronicAddress":{"scheme":"9930","value":"DE811907980"}},"buyer":{"legalName":"Acme B.V.","tradingName":"","address":{"line1":"Damrak 1","line2":"","city":"Amsterdam","postalCode":"1012 LG","region":"","country":"NL"},"taxIds":[{"type":"eu_vat","value":"NL853033937B01"}],"companyId":"","email":"ap@acme.example","phone":"","electronicAddress":{"scheme":"0106","value":"12345678"}}}',1796658863901735);
INSERT INTO events VALUES('acct_e2e','evt_yyqwfmow4g4ppuad56w6fapn64','customer.updated','cus_yga3idekqmc2txtfmrxuz3ckxe','{"id":"cus_yga3idekqmc2txtfmrxuz3ckxe","name":"Globex","email":"ap@globex.example","defaultCurrency":"USD","createTime":"2026-12-07T15:54:23.834456Z","updateTime":"2026-12-07T15:54:23.834456Z","etag":"2a93ccb87d15eb96d438929f9afce947","balances":[{"currency":"USD","amount":"0.00"}],"legalName":"","billingAddress":null,"taxIds":[],"taxExempt":"none","electronicAddress":null}',1796658863905021);
INSERT INTO events VALUES('acct_e2e','evt_c66evdmbi7wzgbsm257gzfgs54','payment.created','pay_pijrzkskk3ebehq7ug7s2a3bsi','{"id":"pay_pijrzkskk3ebehq7ug7s2a3bsi","invoiceId":"inv_dec2yh4csfiwupqalpsbkf5x2u","customerId":"cus_yga3idekqmc2txtfmrxuz3ckxe","amount":"250.00","currency":"USD","method":"bank_transfer","reference":"","receivedDate":"2026-12-07","createTime":"2026-12-07T15:54:23.905021Z","etag":"79682da24aad6a6b1df31537f20ad4e9"}',1796658863905021);
INSERT INTO events VALUES('acct_e2e','evt_fxjk2p4gkysddv6pvamndc6ko4','invoice.paid','inv_dec2yh4csfiwupqalpsbkf5x2u','{"id":"inv_dec2yh4csfiwupqalpsbkf5x2u","customerId":"cus_yga3idekqmc2txtfmrxuz3ckxe","currency":"USD","amount":"250.00","status":"paid","dueDate":"2099-02-28","notes":"","lineItems":[{"description":"Support","quantity":1,"unitAmount":"250.00","amount":"250.00","servicePeriodStart":"","servicePeriodEnd":"","quantityDecimal":"1","discountAmount":"","taxRateId":"","netAmount":"250.00","taxAmount":"0.00"}],"createTime":"2026-12-07T15:54:23.862309Z","updateTime":"2026-12-07T15:54:23.905021Z","processTime":"2026-12-07T15:54:23.882012Z","payTime":"2026-12-07T15:54:23.905021Z","cancelTime":null,"etag":"29ca2b3de3e9c4a7bd53aa8985f7717a","number":"INV-000003","amountPaid":"250.00","amountCredited":"0.00","amountDue":"0.00","deliveryStatus":"not_configured","sentTime":null,"deliveryError":"","deliveryAttempts":0,"defaultTaxRateId":"","subtotal":"250.00","taxAmount":"0.00","total":"250.00","taxBreakdown":[],"seller":{"legalName":"Zoë Müller Consulting GmbH","tradingName":"ZM Consulting","address":{"line1":"Unter den Linden 1","line2":"","city":"Berlin","postalCode":"10117","region":"","country":"DE"},"taxIds":[{"type":"eu_vat","value":"DE811907980"}],"companyId":"HRB 12345","email":"billing@zm.example","phone":"","electronicAddress":{"scheme":"9930","value":"DE811907980"}},"buyer":{"legalName":"Globex","tradingName":"","address":{"line1":"","line2":"","city":"","postalCode":"","region":"","country":""},"taxIds":[],"companyId":"","email":"ap@globex.example","phone":"","electronicAddress":null}}',1796658863905021);
INSERT INTO events VALUES('acct_e2e','evt_jegablm6ngnit5pe5vzfobucli','revenue_calculation.succeeded','rcalc_sq2x5hihthwwy4nebalwyfxps4','{"id":"rcalc_sq2x5hihthwwy4nebalwyfxps4","status":"succeeded","periodStart":"2026-01-01","periodEnd":"2035-12-31","customerId":"","results":[{"currency":"EUR","recognizedAmount":"480.14","deferredAmount":"0.00","schedule":[{"month":"2026-01","amount":"0.00"},{"month":"2026-02","amount":"0.00"},{"month":"2026-03","amount":"0.00"},{"month":"2026-04","amount":"0.00"},{"month":"2026-05","amount":"0.00"},{"month":"2026-06","amount":"0.00"},{"month":"2026-07","amount":"0.00"},{"month":"2026-08","amount":"0.00"},{"month":"2026-09","amount":"0.00"},{"month":"2026-10","amount":"0.00"},{"month":"2026-11","amount":"0.00"},{"month":"2026-12","amount":"480.14"},{"month":"2027-01","amount":"0.00"},{"month":"2027-02","amount":"0.00"},{"month":"2027-03","amount":"0.00"},{"month":"2027-04","amount":"0.00"},{"month":"2027-05","amount":"0.00"},{"month":"2027-06","amount":"0.00"},{"month":"2027-07","amount":"0.00"},{"month":"2027-08","amount":"0.00"},{"month":"2027-09","amount":"0.00"},{"month":"2027-10","amount":"0.00"},{"month":"2027-11","amount":"0.00"},{"month":"2027-12","amount":"0.00"},{"month":"2028-01","amount":"0.00"},{"month":"2028-02","amount":"0.00"},{"month":"2028-03","amount":"0.00"},{"month":"2028-04","amount":"0.00"},{"month":"2028-05","amount":"0.00"},{"month":"2028-06","amount":"0.00"},{"month":"2028-07","amount":"0.00"},{"month":"2028-08","amount":"0.00"},{"month":"2028-09","amount":"0.00"},{"month":"2028-10","amount":"0.00"},{"month":"2028-11","amount":"0.00"},{"month":"2028-12","amount":"0.00"},{"month":"2029-01","amount":"0.00"},{"month":"2029-02","amount":"0.00"},{"month":"2029-03","amount":"0.00"},{"month":"2029-04","amount":"0.00"},{"month":"2029-05","amount":"0.00"},{"month":"2029-06","amount":"0.00"},{"month":"2029-07","amount":"0.00"},{"month":"2029-08","amount":"0.00"},{"month":"2029-09","amount":"0.00"},{"month":"2029-10","amount":"0.00"},{"month":"2029-11","amount":"0.00"},{"month":"2029-12","amount":"0.00"},{"month":"2030-01","amount":"0.00"},{"month":"2030-02","amount":"0.00"},{"month":"2030-03","amount":"0.00"},{"month":"2030-04","amount":"0.00"},{"month":"2030-05","amount":"0.00"},{"month":"2030-06","amount":"0.00"},{"month":"2030-07","amount":"0.00"},{"month":"2030-08","amount":"0.00"},{"month":"2030-09","amount":"0.00"},{"month":"2030-10","amount":"0.00"},{"month":"2030-11","amount":"0.00"},{"month":"2030-12","amount":"0.00"},{"month":"2031-01","amount":"0.00"},{"month":"2031-02","amount":"0.00"},{"month":"2031-03","amount":"0.00"},{"month":"2031-04","amount":"0.00"},{"month":"2031-05","amount":"0.00"},{"month":"2031-06","amount":"0.00"},{"month":"2031-07","amount":"0.00"},{"month":"2031-08","amount":"0.00"},{"month":"2031-09","amount":"0.00"},{"month":"2031-10","amount":"0.00"},{"month":"2031-11","amount":"0.00"},{"month":"2031-12","amount":"0.00"},{"month":"2032-01","amount":"0.00"},{"month":"2032-02","amount":"0.00"},{"month":"2032-03","amount":"0.00"},{"month":"2032-04","amount":"0.00"},{"month":"2032-05","amount":"0.00"},{"month":"2032-06","amount":"0.00"},{"month":"2032-07","amount":"0.00"},{"month":"2032-08","amount":"0.00"},{"month":"2032-09","amount":"0.00"},{"month":"2032-10","amount":"0.00"},{"month":"2032-11","amount":"0.00"},{"month":"2032-12","amount":"0.00"},{"month":"2033-01","amount":"0.00"},{"month":"2033-02","amount":"0.00"},{"month":"2033-03","amount":"0.00"},{"month":"2033-04","amount":"0.00"},{"month":"2033-05","amount":"0.00"},{"month":"2033-06","amount":"0.00"},{"month":"2033-07","amount":"0.00"},{"month":"2033-08","amount":"0.00"},{"month":"2033-09","amount":"0.00"},{"month":"2033-10","amount":"0.00"},{"month":"2033-11","amount":"0.00"},{"month":"2033-12","amount":"0.00"},{"month":"2034-01","amount":"0.00"},{"month":"2034-02","amount":"0.00"},{"month":"2034-03","amount":"0.00"},{"month":"2034-04","amount":"0.00"},{"month":"2034-05","amount":"0.00"},{"month":"2034-06","amount":"0.00"},{"month":"2034-07","amount":"0.00"},{"month":"2034-08","amount":"0.00"},{"month":"2034-09","amount":"0.00"},{"month":"2034-10","amount":"0.00"},{"month":"2034-11","amount":"0.00"},{"month":"2034-12","amount":"0.00"},{"month":"2035-01","amount":"0.00"},{"month":"2035-02","amount":"0.00"},{"month":"2035-03","amount":"0.00"},{"month":"2035-04","amount":"0.00"},{"month":"2035-05","amount":"0.00"},{"month":"2035-06","amount":"0.00"},{"month":"2035-07","amount":"0.00"},{"month":"2035-08","amount":"0.00"},{"month":"2035-09","amount":"0.00"},{"month":"2035-10","amount":"0.00"},{"month":"2035-11","amount":"0.00"},{"month":"2035-12","amount":"0.00"}]},{"currency":"USD","recognizedAmount":"250.00","deferredAmount":"0.00","schedule":[{"month":"2026-01","amount":"0.00"},{"month":"2026-02","amount":"0.00"},{"month":"2026-03","amount":"0.00"},{"month":"2026-04","amount":"0.00"},{"month":"2026-05","amount":"0.00"},{"month":"2026-06","amount":"0.00"},{"month":"2026-07","amount":"0.00"},{"month":"2026-08","amount":"0.00"},{"month":"2026-09","amount":"0.00"},{"month":"2026-10","amount":"0.00"},{"month":"2026-11","amount":"0.00"},{"month":"2026-12","amount":"250.00"},{"month":"2027-01","amount":"0.00"},{"month":"2027-02","amount":"0.00"},{"month":"2027-03","amount":"0.00"},{"month":"2027-04","amount":"0.00"},{"month":"2027-05","amount":"0.00"},{"month":"2027-06","amount":"0.00"},{"month":"2027-07","amount":"0.00"},{"month":"2027-08","amount":"0.00"},{"month":"2027-09","amount":"0.00"},{"month":"2027-10","amount":"0.00"},{"month":"2027-11","amount":"0.00"},{"month":"2027-12","amount":"0.00"},{"month":"2028-01","amount":"0.00"},{"month":"2028-02","amount":"0.00"},{"month":"2028-03","amount":"0.00"},{"month":"2028-04","amount":"0.00"},{"month":"2028-05","amount":"0.00"},{"month":"2028-06","amount":"0.00"},{"month":"2028-07","amount":"0.00"},{"month":"2028-08","amount":"0.00"},{"month":"2028-09","amount":"0.00"},{"month":"2028-10","amount":"0.00"},{"month":"2028-11","amount":"0.00"},{"month":"2028-12","amount":"0.00"},{"month":"2029-01","amount":"0.00"},{"month":"2029-02","amount":"0.00"},{"month":"2029-03","amount":"0.00"},{"month":"2029-04","amount":"0.00"},{"month":"2029-05","amount":"0.00"},{"month":"2029-06","amount":"0.00"},{"month":"2029-07","amount":"0.00"},{"month":"2029-08","amount":"0.00"},{"month":"2029-09","amount":"0.00"},{"month":"2029-10","amount":"0.00"},{"month":"2029-11","amount":"0.00"},{"month":"2029-12","amount":"0.00"},{"month":"2030-01","amount":"0.00"},{"month":"2030-02","amount":"0.00"},{"month":"2030-03","amount":"0.00"},{"month":"2030-04","amount":"0.00"},{"month":"2030-05","amount":"0.00"},{"month":"2030-06","amount":"0.00"},{"month":"2030-07","amount":"0.00"},{"month":"2030-08","amount":"0.00"},{"month":"2030-09","amount":"0.00"},{"month":"2030-10","amount":"0.00"},{"month":"2030-11","amount":"0.00"},{"month":"2030-12","amount":"0.00"},{"month":"2031-01","amount":"0.00"},{"month":"2031-02","amount":"0.00"},{"month":"2031-03","amount":"0.00"},{"month":"2031-04","amount":"0.00"},{"month":"2031-05","amount":"0.00"},{"month":"2031-06","amount":"0.00"},{"month":"2031-07","amount":"0.00"},{"month":"2031-08","amount":"0.00"},{"month":"2031-09","amount":"0.00"},{"month":"2031-10","amount":"0.00"},{"month":"2031-11","amount":"0.00"},{"month":"2031-12","amount":"0.00"},{"month":"2032-01","amount":"0.00"},{"month":"2032-02","amount":"0.00"},{"month":"2032-03","amount":"0.00"},{"month":"2032-04","amount":"0.00"},{"month":"2032-05","amount":"0.00"},{"month":"2032-06","amount":"0.00"},{"month":"2032-07","amount":"0.00"},{"month":"2032-08","amount":"0.00"},{"month":"2032-09","amount":"0.00"},{"month":"2032-10","amount":"0.00"},{"month":"2032-11","amount":"0.00"},{"month":"2032-12","amount":"0.00"},{"month":"2033-01","amount":"0.00"},{"month":"2033-02","amount":"0.00"},{"month":"2033-03","amount":"0.00"},{"month":"2033-04","amount":"0.00"},{"month":"2033-05","amount":"0.00"},{"month":"2033-06","amount":"0.00"},{"month":"2033-07","amount":"0.00"},{"month":"2033-08","amount":"0.00"},{"month":"2033-09","amount":"0.00"},{"month":"2033-10","amount":"0.00"},{"month":"2033-11","amount":"0.00"},{"month":"2033-12","amount":"0.00"},{"month":"2034-01","amount":"0.00"},{"month":"2034-02","amount":"0.00"},{"month":"2034-03","amount":"0.00"},{"month":"2034-04","amount":"0.00"},{"month":"2034-05","amount":"0.00"},{"month":"2034-06","amount":"0.00"},{"month":"2034-07","amount":"0.00"},{"month":"2034-08","amount":"0.00"},{"month":"2034-09","amount":"0.00"},{"month":"2034-10","amount":"0.00"},{"month":"2034-11","amount":"0.00"},{"month":"2034-12","amount":"0.00"},{"month":"2035-01","amount":"0.00"},{"month":"2035-02","amount":"0.00"},{"month":"2035-03","amount":"0.00"},{"month":"2035-04","amount":"0.00"},{"month":"2035-05","amount":"0.00"},{"month":"2035-06","amount":"0.00"},{"month":"2035-07","amount":"0.00"},{"month":"2035-08","amount":"0.00"},{"month":"2035-09","amount":"0.00"},{"month":"2035-10","amount":"0.00"},{"month":"2035-11","amount":"0.00"},{"month":"2035-12","amount":"0.00"}]}],"failureReason":"","createTime":"2026-12-07T15:54:23.911577Z","startTime":"2026-12-07T15:54:23.912698Z","completeTime":"2026-12-07T15:54:23.916611Z","etag":"2ed91cf01a94e40b4c64413bca4d8354"}',1796658863916611);
CREATE TABLE webhook_endpoints (
  account_id                     TEXT NOT NULL,
  id                             TEXT NOT NULL,
  url                            TEXT NOT NULL,
  event_types                    TEXT NOT NULL,
  description                    TEXT NOT NULL DEFAULT '',
  enabled                        INTEGER NOT NULL CHECK (enabled IN (0, 1)),
  secret                         TEXT NOT NULL,
  previous_secret                TEXT NOT NULL DEFAULT '',
  previous_secret_expire_time_us INTEGER,
  failing_since_us               INTEGER,
  disabled_reason                TEXT NOT NULL DEFAULT '',
  disable_time_us                INTEGER,
  create_time_us                 INTEGER NOT NULL,
  update_time_us                 INTEGER NOT NULL,
  PRIMARY KEY (account_id, id)
) STRICT;
INSERT INTO webhook_endpoints VALUES('acct_e2e','we_z7avws637hlyorzk3j5tiaeegm','https://hooks.example/billing','invoice.paid','ERP',1,'whsec_hySll3Y-7N_TRUpR96WMptjKPGINwsOthzBfkSSq-ow','',NULL,NULL,'',NULL,1796658863909413,1796658863909413);
CREATE TABLE webhook_deliveries (
  account_id           TEXT NOT NULL,
  id                   TEXT NOT NULL,
  endpoint_id          TEXT NOT NULL,
  event_id             TEXT NOT NULL,
  event_type           TEXT NOT NULL,
  status               TEXT NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed')),
  attempts             INTEGER NOT NULL DEFAULT 0,
  last_status_code     INTEGER NOT NULL DEFAULT 0,
  last_error           TEXT NOT NULL DEFAULT '',
  next_attempt_time_us INTEGER,
  create_time_us       INTEGER NOT NULL,
  complete_time_us     INTEGER,
  PRIMARY KEY (account_id, id),
  FOREIGN KEY (account_id, endpoint_id)
    REFERENCES webhook_endpoints (account_id, id) ON DELETE CASCADE
) STRICT;
CREATE TABLE document_sequences (
  account_id    TEXT NOT NULL,
  kind          TEXT NOT NULL CHECK (kind IN ('invoice', 'credit_note')),
  prefix        TEXT NOT NULL,
  last_sequence INTEGER NOT NULL,
  PRIMARY KEY (account_id, kind)
) STRICT;
INSERT INTO document_sequences VALUES('acct_e2e','invoice','INV-',4);
INSERT INTO document_sequences VALUES('acct_e2e','credit_note','CN-',1);
CREATE TABLE payments (
  account_id     TEXT NOT NULL,
  id             TEXT NOT NULL,
  invoice_id     TEXT NOT NULL,
  customer_id    TEXT NOT NULL,
  currency       TEXT NOT NULL,
  amount_minor   INTEGER NOT NULL CHECK (amount_minor > 0),
  method         TEXT NOT NULL
    CHECK (method IN ('bank_transfer', 'card', 'cash', 'check', 'other')),
  reference      TEXT NOT NULL DEFAULT '',
  received_date  TEXT NOT NULL,
  create_time_us INTEGER NOT NULL,
  PRIMARY KEY (account_id, id),
  FOREIGN KEY (account_id, invoice_id) REFERENCES invoices (account_id, id),
  FOREIGN KEY (account_id, customer_id) REFERENCES customers (account_id, id)
) STRICT;
INSERT INTO payments VALUES('acct_e2e','pay_oqob3vz53fuktc5rpoyibr56gy','inv_uc6mjrribifykqr4bzzw3ha47m','cus_2gzes73f7o6lgmmol2l65vpfny','EUR',10000,'card','','2026-12-07',1796658863898431);
INSERT INTO payments VALUES('acct_e2e','pay_pijrzkskk3ebehq7ug7s2a3bsi','inv_dec2yh4csfiwupqalpsbkf5x2u','cus_yga3idekqmc2txtfmrxuz3ckxe','USD',25000,'bank_transfer','','2026-12-07',1796658863905021);
CREATE TABLE credit_notes (
  account_id     TEXT NOT NULL,
  id             TEXT NOT NULL,
  number         TEXT NOT NULL,
  invoice_id     TEXT NOT NULL,
  customer_id    TEXT NOT NULL,
  currency       TEXT NOT NULL,
  amount_minor   INTEGER NOT NULL CHECK (amount_minor > 0),
  reason         TEXT NOT NULL CHECK (reason IN ('duplicate', 'fraudulent', 'order_change',
                                                 'product_unsatisfactory', 'other')),
  memo           TEXT NOT NULL DEFAULT '',
  date           TEXT NOT NULL,
  create_time_us INTEGER NOT NULL, tax_minor INTEGER NOT NULL DEFAULT 0, tax_breakdown TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (account_id, id),
  UNIQUE (account_id, number),
  FOREIGN KEY (account_id, invoice_id) REFERENCES invoices (account_id, id),
  FOREIGN KEY (account_id, customer_id) REFERENCES customers (account_id, id)
) STRICT;
INSERT INTO credit_notes VALUES('acct_e2e','cn_4novoyrdg3u32qbhfwb2kyfwg4','CN-000001','inv_uc6mjrribifykqr4bzzw3ha47m','cus_2gzes73f7o6lgmmol2l65vpfny','EUR',5950,'other','','2026-12-07',1796658863901735,950,replace('S	190000	5000	950		\n','\n',char(10)));
CREATE TABLE list_counts (
  account_id  TEXT NOT NULL,
  list        TEXT NOT NULL CHECK (list IN ('customers', 'invoices', 'revenue_calculations')),
  customer_id TEXT NOT NULL,
  status      TEXT NOT NULL,
  n           INTEGER NOT NULL,
  PRIMARY KEY (account_id, list, customer_id, status)
) STRICT;
INSERT INTO list_counts VALUES('acct_e2e','customers','','',2);
INSERT INTO list_counts VALUES('acct_e2e','invoices','','',5);
INSERT INTO list_counts VALUES('acct_e2e','invoices','cus_2gzes73f7o6lgmmol2l65vpfny','',2);
INSERT INTO list_counts VALUES('acct_e2e','invoices','','draft',1);
INSERT INTO list_counts VALUES('acct_e2e','invoices','cus_2gzes73f7o6lgmmol2l65vpfny','draft',0);
INSERT INTO list_counts VALUES('acct_e2e','invoices','cus_yga3idekqmc2txtfmrxuz3ckxe','',3);
INSERT INTO list_counts VALUES('acct_e2e','invoices','cus_yga3idekqmc2txtfmrxuz3ckxe','draft',1);
INSERT INTO list_counts VALUES('acct_e2e','invoices','','pending',2);
INSERT INTO list_counts VALUES('acct_e2e','invoices','cus_2gzes73f7o6lgmmol2l65vpfny','pending',2);
INSERT INTO list_counts VALUES('acct_e2e','invoices','cus_yga3idekqmc2txtfmrxuz3ckxe','pending',0);
INSERT INTO list_counts VALUES('acct_e2e','invoices','','cancelled',1);
INSERT INTO list_counts VALUES('acct_e2e','invoices','cus_yga3idekqmc2txtfmrxuz3ckxe','cancelled',1);
INSERT INTO list_counts VALUES('acct_e2e','invoices','','paid',1);
INSERT INTO list_counts VALUES('acct_e2e','invoices','cus_yga3idekqmc2txtfmrxuz3ckxe','paid',1);
INSERT INTO list_counts VALUES('acct_e2e','revenue_calculations','','',1);
CREATE TABLE invoice_emails (
  account_id           TEXT NOT NULL,
  invoice_id           TEXT NOT NULL,
  status               TEXT NOT NULL
                       CHECK (status IN ('not_configured', 'queued', 'sent', 'failed')),
  attempts             INTEGER NOT NULL DEFAULT 0,
  queue_time_us        INTEGER,
  next_attempt_time_us INTEGER,
  sent_time_us         INTEGER,
  last_error           TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (account_id, invoice_id),
  FOREIGN KEY (account_id, invoice_id) REFERENCES invoices (account_id, id) ON DELETE CASCADE
) STRICT;
INSERT INTO invoice_emails VALUES('acct_e2e','inv_uc6mjrribifykqr4bzzw3ha47m','not_configured',0,NULL,NULL,NULL,'');
INSERT INTO invoice_emails VALUES('acct_e2e','inv_xxgd73wqu4lbcjmju3sbdpy7bq','not_configured',0,NULL,NULL,NULL,'');
INSERT INTO invoice_emails VALUES('acct_e2e','inv_dec2yh4csfiwupqalpsbkf5x2u','not_configured',0,NULL,NULL,NULL,'');
INSERT INTO invoice_emails VALUES('acct_e2e','inv_shzcbxa7amlhg2r2lgzyak2tlu','not_configured',0,NULL,NULL,NULL,'');
CREATE TABLE server_secrets (
  name  TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;
INSERT INTO server_secrets VALUES('page_tokens','98ec821875be5eded64a4660de2da9204c801cdde58c46158e30c90a31121c76');
CREATE TABLE organizations (
  account_id                 TEXT NOT NULL PRIMARY KEY,
  legal_name                 TEXT NOT NULL,
  trading_name               TEXT NOT NULL,
  address_line1              TEXT NOT NULL,
  address_line2              TEXT NOT NULL,
  address_city               TEXT NOT NULL,
  address_postal_code        TEXT NOT NULL,
  address_region             TEXT NOT NULL,
  address_country            TEXT NOT NULL,
  tax_id_type                TEXT NOT NULL,
  tax_id                     TEXT NOT NULL,
  company_id                 TEXT NOT NULL,
  email                      TEXT NOT NULL,
  phone                      TEXT NOT NULL,
  iban                       TEXT NOT NULL,
  bic                        TEXT NOT NULL,
  bank_name                  TEXT NOT NULL,
  account_name               TEXT NOT NULL,
  payment_note               TEXT NOT NULL,
  default_payment_terms_days INTEGER NOT NULL,
  invoice_number_prefix      TEXT NOT NULL,
  credit_note_number_prefix  TEXT NOT NULL,
  electronic_address_scheme  TEXT NOT NULL,
  electronic_address_value   TEXT NOT NULL,
  update_time_us             INTEGER NOT NULL
, time_zone TEXT NOT NULL DEFAULT 'UTC') STRICT;
INSERT INTO organizations VALUES('acct_e2e','Zoë Müller Consulting GmbH','ZM Consulting','Unter den Linden 1','','Berlin','10117','','DE','eu_vat','DE811907980','HRB 12345','billing@zm.example','','DE89370400440532013000','COBADEFFXXX','Commerzbank','','',14,'INV-','CN-','9930','DE811907980',1796658863826778,'UTC');
CREATE TABLE invoice_parties (
  account_id TEXT NOT NULL,
  invoice_id TEXT NOT NULL,
  seller     TEXT NOT NULL,
  buyer      TEXT NOT NULL, terms TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (account_id, invoice_id),
  FOREIGN KEY (account_id, invoice_id) REFERENCES invoices (account_id, id) ON DELETE CASCADE
) STRICT;
INSERT INTO invoice_parties VALUES('acct_e2e','inv_uc6mjrribifykqr4bzzw3ha47m','1Zoë Müller Consulting GmbHZM ConsultingUnter den Linden 1Berlin10117DEeu_vat=DE811907980HRB 12345billing@zm.example9930DE811907980','1Acme B.V.Damrak 1Amsterdam1012 LGNLeu_vat=NL853033937B01ap@acme.example010612345678','112099-01-31201DE89370400440532013000COBADEFFXXXCommerzbank');
INSERT INTO invoice_parties VALUES('acct_e2e','inv_xxgd73wqu4lbcjmju3sbdpy7bq','1Zoë Müller Consulting GmbHZM ConsultingUnter den Linden 1Berlin10117DEeu_vat=DE811907980HRB 12345billing@zm.example9930DE811907980','1Acme B.V.Damrak 1Amsterdam1012 LGNLeu_vat=NL853033937B01ap@acme.example010612345678','112026-12-27201DE89370400440532013000COBADEFFXXXCommerzbank');
INSERT INTO invoice_parties VALUES('acct_e2e','inv_dec2yh4csfiwupqalpsbkf5x2u','1Zoë Müller Consulting GmbHZM ConsultingUnter den Linden 1Berlin10117DEeu_vat=DE811907980HRB 12345billing@zm.example9930DE811907980','1Globexap@globex.example','112099-02-28141DE89370400440532013000COBADEFFXXXCommerzbank');
INSERT INTO invoice_parties VALUES('acct_e2e','inv_shzcbxa7amlhg2r2lgzyak2tlu','1Zoë Müller Consulting GmbHZM ConsultingUnter den Linden 1Berlin10117DEeu_vat=DE811907980HRB 12345billing@zm.example9930DE811907980','1Globexap@globex.example','112099-02-28141DE89370400440532013000COBADEFFXXXCommerzbank');
CREATE TABLE tax_rates (
  account_id            TEXT NOT NULL,
  id                    TEXT NOT NULL,
  display_name          TEXT NOT NULL,
  percentage_e4         INTEGER NOT NULL CHECK (percentage_e4 BETWEEN 0 AND 1000000),
  inclusive             INTEGER NOT NULL CHECK (inclusive IN (0, 1)),
  country               TEXT NOT NULL DEFAULT '',
  region                TEXT NOT NULL DEFAULT '',
  category              TEXT NOT NULL CHECK (category IN ('S', 'Z', 'E', 'AE', 'K', 'G', 'O')),
  exemption_reason      TEXT NOT NULL DEFAULT '',
  exemption_reason_code TEXT NOT NULL DEFAULT '',
  active                INTEGER NOT NULL CHECK (active IN (0, 1)),
  create_time_us        INTEGER NOT NULL,
  update_time_us        INTEGER NOT NULL,
  PRIMARY KEY (account_id, id)
) STRICT;
INSERT INTO tax_rates VALUES('acct_e2e','txr_6n5pwipvrqn724reovdjmroxea','VAT',190000,0,'DE','','S','','',1,1796658863841481,1796658863841481);
INSERT INTO tax_rates VALUES('acct_e2e','txr_xkgjlwk5m6kn5i26cgk63v5sny','VAT reduced',70000,1,'DE','','S','','',1,1796658863846092,1796658863846092);
INSERT INTO tax_rates VALUES('acct_e2e','txr_s2yrqj2u44cn653f5r2xsggcza','Reverse charge',0,0,'','','AE','Reverse charge','VATEX-EU-AE',1,1796658863847685,1796658863847685);
CREATE INDEX customers_by_create_time ON customers (account_id, create_time_us, id);
CREATE INDEX invoices_by_create_time ON invoices (account_id, create_time_us, id);
CREATE INDEX invoices_by_customer ON invoices (account_id, customer_id, create_time_us, id);
CREATE INDEX invoices_by_status ON invoices (account_id, status, create_time_us, id);
CREATE INDEX ledger_entries_by_invoice ON ledger_entries (account_id, invoice_id, create_time_us, id);
CREATE INDEX ledger_entries_by_customer ON ledger_entries (account_id, customer_id, create_time_us);
CREATE INDEX outbox_messages_by_create_time ON outbox_messages (account_id, create_time_us, id);
CREATE INDEX outbox_messages_undelivered ON outbox_messages (create_time_us, account_id, id)
  WHERE delivered_time_us IS NULL;
CREATE INDEX revenue_calculations_by_create_time
  ON revenue_calculations (account_id, create_time_us, id);
CREATE INDEX revenue_calculations_unfinished
  ON revenue_calculations (create_time_us, account_id, id)
  WHERE status IN ('queued', 'running');
CREATE INDEX api_keys_by_account ON api_keys (account_id, create_time_us, id);
CREATE INDEX idempotency_keys_by_create_time ON idempotency_keys (create_time_us);
CREATE INDEX events_by_create_time ON events (account_id, create_time_us);
CREATE INDEX events_by_type ON events (account_id, type, create_time_us);
CREATE INDEX events_by_resource ON events (account_id, resource_id, create_time_us);
CREATE INDEX events_for_purge ON events (create_time_us);
CREATE INDEX webhook_endpoints_by_create_time ON webhook_endpoints (account_id, create_time_us, id);
CREATE INDEX webhook_deliveries_by_endpoint
  ON webhook_deliveries (account_id, endpoint_id, create_time_us);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_time_us)
  WHERE status = 'pending';
CREATE UNIQUE INDEX invoices_by_number ON invoices (account_id, number);
CREATE INDEX payments_by_create_time ON payments (account_id, create_time_us, id);
CREATE INDEX payments_by_invoice ON payments (account_id, invoice_id, create_time_us, id);
CREATE INDEX payments_by_customer ON payments (account_id, customer_id, create_time_us, id);
CREATE INDEX credit_notes_by_create_time ON credit_notes (account_id, create_time_us, id);
CREATE INDEX credit_notes_by_invoice ON credit_notes (account_id, invoice_id, create_time_us, id);
CREATE INDEX credit_notes_by_customer ON credit_notes (account_id, customer_id, create_time_us, id);
CREATE TRIGGER invoices_count_insert AFTER INSERT ON invoices BEGIN
  INSERT INTO list_counts VALUES
    (new.account_id, 'invoices', '', '', 1),
    (new.account_id, 'invoices', new.customer_id, '', 1),
    (new.account_id, 'invoices', '', new.status, 1),
    (new.account_id, 'invoices', new.customer_id, new.status, 1)
  ON CONFLICT DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER invoices_count_delete AFTER DELETE ON invoices BEGIN
  UPDATE list_counts SET n = n - 1
   WHERE account_id = old.account_id AND list = 'invoices'
     AND customer_id IN ('', old.customer_id) AND status IN ('', old.status);
END;
CREATE TRIGGER invoices_count_update AFTER UPDATE OF customer_id, status ON invoices
  WHEN old.customer_id IS NOT new.customer_id OR old.status IS NOT new.status BEGIN
  UPDATE list_counts SET n = n - 1
   WHERE account_id = old.account_id AND list = 'invoices'
     AND customer_id IN ('', old.customer_id) AND status IN ('', old.status)
     AND NOT (customer_id = '' AND status = '');
  INSERT INTO list_counts VALUES
    (new.account_id, 'invoices', new.customer_id, '', 1),
    (new.account_id, 'invoices', '', new.status, 1),
    (new.account_id, 'invoices', new.customer_id, new.status, 1)
  ON CONFLICT DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER customers_count_insert AFTER INSERT ON customers BEGIN
  INSERT INTO list_counts VALUES (new.account_id, 'customers', '', '', 1)
  ON CONFLICT DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER customers_count_delete AFTER DELETE ON customers BEGIN
  UPDATE list_counts SET n = n - 1
   WHERE account_id = old.account_id AND list = 'customers' AND customer_id = '' AND status = '';
END;
CREATE TRIGGER revenue_calculations_count_insert AFTER INSERT ON revenue_calculations BEGIN
  INSERT INTO list_counts VALUES (new.account_id, 'revenue_calculations', '', '', 1)
  ON CONFLICT DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER revenue_calculations_count_delete AFTER DELETE ON revenue_calculations BEGIN
  UPDATE list_counts SET n = n - 1
   WHERE account_id = old.account_id AND list = 'revenue_calculations'
     AND customer_id = '' AND status = '';
END;
CREATE INDEX invoices_by_customer_status
  ON invoices (account_id, customer_id, status, create_time_us, id);
CREATE INDEX invoice_emails_due ON invoice_emails (next_attempt_time_us)
  WHERE status = 'queued';
CREATE INDEX tax_rates_by_create_time ON tax_rates (account_id, create_time_us, id);
CREATE INDEX invoice_line_items_by_tax_rate ON invoice_line_items (account_id, tax_rate_id)
  WHERE tax_rate_id <> '';
CREATE INDEX invoices_by_default_tax_rate ON invoices (account_id, default_tax_rate_id)
  WHERE default_tax_rate_id <> '';
COMMIT;
