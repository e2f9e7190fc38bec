/** Words that carry no topic (EN + TH), dropped from queries, index text and embeddings. */
export const STOPWORDS = new Set(
  `a about above after again against all am an and any are aren't as at be because been before being below between both but by
can could couldn't did didn't do does doesn't doing don't down during each few for from further had hadn't has hasn't have
haven't having he her here hers herself him himself his how i i'm i've i'd if in into is isn't it it's its itself just let's me
more most my myself no nor not of off on once only or other ought our ours ourselves out over own same she should shouldn't so
some such than that that's the their theirs them themselves then there there's these they they're this those through to too
under until up very was wasn't we we're were weren't what what's when where which while who whom why will with won't would
wouldn't you you're your yours yourself yourselves hi hello hey please pls thanks thank ok okay yes also get got
im ive dont cant wont u ur like lot lots just really still even much many way any anything something thing things one
want need know tell us every whole bit kind sort actually exactly maybe somewhere someone anyone anybody somebody stuff etc own guess wonder
ครับ ค่ะ คะ นะ จ้ะ จ้า ที่ และ ของ ได้ ไหม มั้ย หรือ แล้ว ก็ ให้ ใน จะ มี เป็น กับ ว่า การ ความ อยู่ ไป มา นี้ นั้น ผม ฉัน ดิฉัน เรา คุณ
อะไร อย่างไร ยังไง บ้าง หน่อย ด้วย เพื่อ จาก โดย ถ้า แต่ ซึ่ง คือ`.split(/\s+/).filter(Boolean),
);
