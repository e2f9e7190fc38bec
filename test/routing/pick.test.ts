import { describe, expect, it } from "vitest";
import { estimateQueueWait, pickAgent, priorityOf, type Candidate } from "../../durable-objects/hub/pick";

const c = (userId: string, load: number, lastAssignedAt = 0, capacity = 5): Candidate => ({ userId, name: userId, load, capacity, lastAssignedAt });

describe("choosing an agent", () => {
  it("balanced: fewest open conversations, ties to whoever waited longest since their last assignment", () => {
    expect(pickAgent("balanced", [c("a", 3), c("b", 1), c("c", 2)])?.userId).toBe("b");
    expect(pickAgent("balanced", [c("a", 2, 300), c("b", 2, 100), c("c", 2, 200)])?.userId).toBe("b");
    expect(pickAgent("balanced", [c("a", 5), c("b", 4, 0, 4)])).toBeNull();
  });

  it("round robin takes the next member after the cursor, wrapping, skipping the full", () => {
    const all = [c("a", 0), c("b", 5), c("c", 1)];
    expect(pickAgent("round_robin", all, null)?.userId).toBe("a");
    expect(pickAgent("round_robin", all, "a")?.userId).toBe("c");
    expect(pickAgent("round_robin", all, "c")?.userId).toBe("a");
  });

  it("manual never assigns", () => {
    expect(pickAgent("manual", [c("a", 0)])).toBeNull();
  });

  it("estimates the wait from the queue ahead, the members online and the handling time", () => {
    expect(estimateQueueWait(1, 4, 300)).toBe(300);
    expect(estimateQueueWait(9, 4, 300)).toBe(900);
    expect(estimateQueueWait(3, 0, 120)).toBe(360);
    expect(priorityOf("reply_timeout")).toBeGreaterThan(priorityOf("explicit_request"));
    expect(priorityOf("explicit_request")).toBeGreaterThan(priorityOf("low_confidence"));
  });
});
