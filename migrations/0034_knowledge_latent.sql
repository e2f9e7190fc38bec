-- Latent semantic analysis of each chatbot's passages (worker/knowledge/index/latent.ts):
-- the term basis of a truncated SVD of the term × passage matrix, rebuilt when
-- the chatbot's passage count has moved by half since the last build. A
-- passage's latent vector is folded in from its terms at question time, so new
-- passages are covered at once; terms the basis does not know are left out.
create table knowledge_latent (
  chatbot_id text primary key,
  -- passages the basis was built from
  passages integer not null,
  dims integer not null,
  -- the basis's terms, space-separated, in row order
  terms text not null,
  -- per term: idf (float32), then scale (float32) and dims int8 coordinates
  basis blob not null,
  built_at text not null
);
