-- BundleForge cluster schema for PostgreSQL (written for BundleForge; idempotent, applied by every node at start
-- under an advisory lock, or by hand with psql -f). Two parts:
--  1. The tables and named queries Orleans' ADO.NET providers read from OrleansQuery: membership (clustering) and
--     grain state (persistence). The queries follow the providers' parameter and column contract.
--  2. BundleForge's own tables: the event log (one row per acknowledged event) and the erasure registry.

CREATE TABLE IF NOT EXISTS orleansquery (
    querykey varchar(64) PRIMARY KEY,
    querytext text NOT NULL);

-- Membership: one version row per cluster (optimistic concurrency on the whole table) and one row per silo.
CREATE TABLE IF NOT EXISTS orleansmembershipversiontable (
    deploymentid varchar(150) PRIMARY KEY,
    timestamp timestamptz NOT NULL DEFAULT now(),
    version integer NOT NULL DEFAULT 0);

CREATE TABLE IF NOT EXISTS orleansmembershiptable (
    deploymentid varchar(150) NOT NULL REFERENCES orleansmembershipversiontable (deploymentid),
    address varchar(45) NOT NULL,
    port integer NOT NULL,
    generation integer NOT NULL,
    siloname varchar(150) NOT NULL,
    hostname varchar(150) NOT NULL,
    status integer NOT NULL,
    proxyport integer NULL,
    suspecttimes varchar(8000) NULL,
    starttime timestamptz NOT NULL,
    iamalivetime timestamptz NOT NULL,
    PRIMARY KEY (deploymentid, address, port, generation));

-- Grain state: one row per grain (type and id), versioned for the provider's etag check; the provider's default
-- serializer writes payloadbinary.
CREATE TABLE IF NOT EXISTS orleansstorage (
    grainidhash integer NOT NULL,
    grainidn0 bigint NOT NULL,
    grainidn1 bigint NOT NULL,
    graintypehash integer NOT NULL,
    graintypestring varchar(512) NOT NULL,
    grainidextensionstring varchar(512) NULL,
    serviceid varchar(150) NOT NULL,
    payloadbinary bytea NULL,
    modifiedon timestamptz NOT NULL DEFAULT now(),
    version integer NOT NULL);
CREATE UNIQUE INDEX IF NOT EXISTS orleansstorage_grain
    ON orleansstorage (serviceid, graintypestring, grainidn0, grainidn1, grainidextensionstring) NULLS NOT DISTINCT;

INSERT INTO orleansquery (querykey, querytext) VALUES
('UpdateIAmAlivetimeKey', '
UPDATE orleansmembershiptable SET iamalivetime = @IAmAliveTime
WHERE deploymentid = @DeploymentId AND address = @Address AND port = @Port AND generation = @Generation'),

('InsertMembershipVersionKey', '
WITH inserted AS (
    INSERT INTO orleansmembershipversiontable (deploymentid) VALUES (@DeploymentId)
    ON CONFLICT (deploymentid) DO NOTHING RETURNING 1)
SELECT count(*)::integer FROM inserted'),

-- The version row is bumped first (it serialises concurrent writers): the silo row goes in only when the table
-- version the silo read is still current.
('InsertMembershipKey', '
WITH bumped AS (
    UPDATE orleansmembershipversiontable SET version = version + 1, timestamp = now()
    WHERE deploymentid = @DeploymentId AND version = @Version RETURNING 1),
inserted AS (
    INSERT INTO orleansmembershiptable (deploymentid, address, port, generation, siloname, hostname, status, proxyport, starttime, iamalivetime)
    SELECT @DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName, @Status, @ProxyPort, @StartTime, @IAmAliveTime
    WHERE EXISTS (SELECT 1 FROM bumped)
    ON CONFLICT DO NOTHING RETURNING 1)
SELECT count(*)::integer FROM inserted'),

('UpdateMembershipKey', '
WITH bumped AS (
    UPDATE orleansmembershipversiontable SET version = version + 1, timestamp = now()
    WHERE deploymentid = @DeploymentId AND version = @Version RETURNING 1),
updated AS (
    UPDATE orleansmembershiptable SET status = @Status, suspecttimes = @SuspectTimes, iamalivetime = @IAmAliveTime
    WHERE deploymentid = @DeploymentId AND address = @Address AND port = @Port AND generation = @Generation
      AND EXISTS (SELECT 1 FROM bumped)
    RETURNING 1)
SELECT count(*)::integer FROM updated'),

('MembershipReadRowKey', '
SELECT v.deploymentid AS DeploymentId, m.address AS Address, m.port AS Port, m.generation AS Generation,
       m.siloname AS SiloName, m.hostname AS HostName, m.status AS Status, m.proxyport AS ProxyPort,
       m.suspecttimes AS SuspectTimes, m.starttime AS StartTime, m.iamalivetime AS IAmAliveTime, v.version AS Version
FROM orleansmembershipversiontable v
LEFT JOIN orleansmembershiptable m ON m.deploymentid = v.deploymentid
     AND m.address = @Address AND m.port = @Port AND m.generation = @Generation
WHERE v.deploymentid = @DeploymentId'),

('MembershipReadAllKey', '
SELECT v.deploymentid AS DeploymentId, m.address AS Address, m.port AS Port, m.generation AS Generation,
       m.siloname AS SiloName, m.hostname AS HostName, m.status AS Status, m.proxyport AS ProxyPort,
       m.suspecttimes AS SuspectTimes, m.starttime AS StartTime, m.iamalivetime AS IAmAliveTime, v.version AS Version
FROM orleansmembershipversiontable v
LEFT JOIN orleansmembershiptable m ON m.deploymentid = v.deploymentid
WHERE v.deploymentid = @DeploymentId'),

('DeleteMembershipTableEntriesKey', '
DELETE FROM orleansmembershiptable WHERE deploymentid = @DeploymentId;
DELETE FROM orleansmembershipversiontable WHERE deploymentid = @DeploymentId'),

('GatewaysQueryKey', '
SELECT address AS Address, proxyport AS ProxyPort, generation AS Generation FROM orleansmembershiptable
WHERE deploymentid = @DeploymentId AND status = @Status AND proxyport > 0'),

-- Status 6 is Dead, 3 is Active.
('CleanupDefunctSiloEntriesKey', '
DELETE FROM orleansmembershiptable
WHERE deploymentid = @DeploymentId AND iamalivetime < @IAmAliveTime AND status <> 3'),

('CleanupDefunctSiloEntryKey', '
DELETE FROM orleansmembershiptable
WHERE deploymentid = @DeploymentId AND address = @Address AND port = @Port AND generation = @Generation AND status = 6'),

('WriteToStorageKey', '
WITH updated AS (
    UPDATE orleansstorage SET payloadbinary = @PayloadBinary, modifiedon = now(), version = version + 1
    WHERE @GrainStateVersion IS NOT NULL AND version = @GrainStateVersion
      AND serviceid = @ServiceId AND graintypestring = @GrainTypeString AND grainidn0 = @GrainIdN0 AND grainidn1 = @GrainIdN1
      AND grainidextensionstring IS NOT DISTINCT FROM @GrainIdExtensionString
    RETURNING version),
inserted AS (
    INSERT INTO orleansstorage (grainidhash, grainidn0, grainidn1, graintypehash, graintypestring, grainidextensionstring, serviceid, payloadbinary, version)
    SELECT @GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString, @GrainIdExtensionString, @ServiceId, @PayloadBinary, 1
    WHERE @GrainStateVersion IS NULL
    ON CONFLICT DO NOTHING RETURNING version)
SELECT coalesce((SELECT version FROM updated), (SELECT version FROM inserted), @GrainStateVersion) AS NewGrainStateVersion'),

('ReadFromStorageKey', '
SELECT payloadbinary AS PayloadBinary, NULL::text AS PayloadXml, NULL::text AS PayloadJson, now() AS ModifiedOn, version AS Version
FROM orleansstorage
WHERE serviceid = @ServiceId AND graintypestring = @GrainTypeString AND grainidn0 = @GrainIdN0 AND grainidn1 = @GrainIdN1
  AND grainidextensionstring IS NOT DISTINCT FROM @GrainIdExtensionString'),

('ClearStorageKey', '
UPDATE orleansstorage SET payloadbinary = NULL, modifiedon = now(), version = version + 1
WHERE serviceid = @ServiceId AND graintypestring = @GrainTypeString AND grainidn0 = @GrainIdN0 AND grainidn1 = @GrainIdN1
  AND grainidextensionstring IS NOT DISTINCT FROM @GrainIdExtensionString AND version = @GrainStateVersion
RETURNING version AS NewGrainStateVersion')
ON CONFLICT (querykey) DO UPDATE SET querytext = excluded.querytext;

-- The event log: a row is committed before the event is acknowledged. Ids as in the single-node SQLite store.
CREATE TABLE IF NOT EXISTS bundleforge_events (
    seq bigserial PRIMARY KEY,
    user_key text NOT NULL,
    type integer NOT NULL,
    item_id text NULL,
    offer_id text NULL,
    items text NULL,
    price double precision NULL,
    quantity double precision NULL,
    ts bigint NOT NULL,
    received_ms bigint NOT NULL,
    event_id text NULL);
CREATE INDEX IF NOT EXISTS bundleforge_events_user ON bundleforge_events (user_key, seq);
CREATE UNIQUE INDEX IF NOT EXISTS bundleforge_events_event_id ON bundleforge_events (user_key, event_id) WHERE event_id IS NOT NULL;

-- The erasure registry: pseudonymous keys only (train --erasures reads it).
CREATE TABLE IF NOT EXISTS bundleforge_erasures (
    user_key text PRIMARY KEY,
    erased_ms bigint NOT NULL);

-- The shared offer-response learner's feedback, per model version, in the order every node applies it (position =
-- seq). Written only by the OfferLearnerGrain of that version; erasure blanks the customer key (rows stay, anonymous).
CREATE TABLE IF NOT EXISTS bundleforge_offer_feedback (
    model_version text NOT NULL,
    seq bigint NOT NULL,
    user_key text NOT NULL,
    offer_id text NOT NULL,
    items text NOT NULL,
    price double precision NULL,
    outcome integer NOT NULL,
    ts bigint NOT NULL,
    PRIMARY KEY (model_version, seq));
CREATE INDEX IF NOT EXISTS bundleforge_offer_feedback_user ON bundleforge_offer_feedback (user_key);
