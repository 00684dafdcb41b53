/**
 * The site's own pages (home, transcripts, participants). Their data is the
 * `site` global (src/site/site.ts); pagination makes one page per
 * transcript chunk, per jam and per person. Titles are computed here as
 * plain strings (the layout escapes them once).
 */
export default {
  layout: 'layouts/base.njk',
  eleventyComputed: {
    pageTitle: (data) => {
      if (data.tp) return `Transcript: ${data.tp.jamTitle}${data.tp.count > 1 ? ` (page ${data.tp.number} of ${data.tp.count})` : ''}`;
      if (data.person) return `@${data.person.handle}`;
      if (data.jam) return `Who took part: ${data.jam.title}`;
      return data.title;
    },
  },
};
