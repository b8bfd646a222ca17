// The minimal server Discord's own examples start from: express 4 with discord-interactions'
// verifyKeyMiddleware on the interactions route, answering every command with a constant.
import { InteractionResponseFlags, InteractionResponseType, verifyKeyMiddleware } from 'discord-interactions';
import express from 'express';

const app = express();
app.post('/interactions', verifyKeyMiddleware(process.env.PUBLIC_KEY ?? ''), (_request, response) => {
  response.send({
    type: InteractionResponseType.CHANNEL_MESSAGE_WITH_SOURCE,
    data: { content: 'ok', flags: InteractionResponseFlags.EPHEMERAL },
  });
});
const server = app.listen(0, '127.0.0.1', () =>
  console.log(JSON.stringify({ msg: 'ready', port: server.address().port })),
);
server.keepAliveTimeout = 65_000;
