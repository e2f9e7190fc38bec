// ids are shared with the Durable Objects: they live in common/ (neither side's domain)
export * from "../../common/ids";
