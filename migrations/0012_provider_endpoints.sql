-- Provider endpoints are workspace settings bound to the provider key.
--
-- A chatbot no longer chooses where its provider's requests go: the base URL
-- lives with the workspace's key in ai_secrets (owners and admins), sealed
-- together with it. An owner may allow an endpoint on a private network
-- (a self-hosted Ollama on a LAN); the allowance is audited.
ALTER TABLE ai_secrets ADD COLUMN allow_private_network INTEGER NOT NULL DEFAULT 0;

-- Chatbots that still carry an ai_settings.base_url: that value could have been
-- set by anyone allowed to edit a chatbot, so it is not trusted as an endpoint
-- for the workspace's key and is not copied into the provider settings. It is
-- recorded in the audit log (so an owner can re-enter it with the key if it was
-- theirs) and cleared; the runtime ignores it in any case.
INSERT INTO audit_logs (id, workspace_id, action, resource_type, resource_id, changes, created_at)
SELECT 'aud_m0012_' || id, workspace_id, 'chatbot.ai_base_url_removed', 'chatbot', id,
       json_object('before', json_object('base_url', json_extract(ai_settings, '$.base_url')),
                   'after', json_object('base_url', NULL),
                   'reason', 'Provider endpoints are now set with the provider key (PUT /api/v1/ai/providers/:provider) by an owner or admin'),
       strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
FROM chatbots
WHERE json_type(ai_settings, '$.base_url') = 'text';

UPDATE chatbots SET ai_settings = json_set(ai_settings, '$.base_url', json('null'))
WHERE json_type(ai_settings, '$.base_url') = 'text';

-- older configurations too, so restoring a version cannot bring one back
UPDATE chatbot_versions SET config = json_set(config, '$.ai_settings.base_url', json('null'))
WHERE json_type(config, '$.ai_settings.base_url') = 'text';
