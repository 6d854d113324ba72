import express from "express";

// The baseline of the submission benchmark: Express parsing a JSON body and answering 202,
// with no authentication, database or queue behind it. Plain JavaScript, so it runs on plain
// node like the API's bundle it is compared with.
const app = express();
app.post("/v2/images/midjourney/action", express.json(), (_req, res) => {
  res.status(202).json({ jobId: "00000000-0000-0000-0000-000000000000", status: "QUEUED" });
});
const port = Number(process.env.PORT ?? 3100);
app.listen(port, "127.0.0.1", () => console.log(`bare server on ${port}`));
