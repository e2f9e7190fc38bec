// hashing is shared with the Durable Objects: it lives in common/ (neither side's domain)
export * from "../../common/crypto";
