//! What every picture of the timeline shares, the app's view and the SVG/HTML exports alike: day
//! numbers, the steps and ticks of the date axis, and the colour of each event kind. No egui.

use crate::extract::events::EventKind;
use chrono::{Datelike, NaiveDate};

/// A day as counted by `NaiveDate::num_days_from_ce`; day `d` covers `[d, d + 1)` on an axis.
pub type Day = i32;

pub fn day_of(d: NaiveDate) -> Day {
    d.num_days_from_ce()
}

pub fn date_of(day: Day) -> Option<NaiveDate> {
    NaiveDate::from_num_days_from_ce_opt(day)
}

/// Tick spacing on a date axis.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Days(i32),
    Months(i32),
    Years(i32),
}

/// The steps an axis may take, finest first.
const STEPS: [Step; 16] = [
    Step::Days(1),
    Step::Days(2),
    Step::Days(7),
    Step::Days(14),
    Step::Months(1),
    Step::Months(2),
    Step::Months(3),
    Step::Months(6),
    Step::Years(1),
    Step::Years(2),
    Step::Years(5),
    Step::Years(10),
    Step::Years(20),
    Step::Years(50),
    Step::Years(100),
    Step::Years(200),
];

impl Step {
    /// The step's mean length in days.
    pub fn days(self) -> f64 {
        match self {
            Step::Days(n) => n as f64,
            Step::Months(n) => n as f64 * 30.44,
            Step::Years(n) => n as f64 * 365.25,
        }
    }

    /// The finest step whose ticks are at least `min_px` apart at `px_per_day`.
    pub fn choose(px_per_day: f64, min_px: f64) -> Step {
        STEPS
            .into_iter()
            .find(|s| s.days() * px_per_day >= min_px)
            .unwrap_or(Step::Years(500))
    }
}

/// One tick of a date axis.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tick {
    pub day: Day,
    pub date: NaiveDate,
    pub step: Step,
    /// The first tick of its month (day steps) or its year (month steps): where the coarser
    /// unit's label, [`Tick::context`], goes.
    pub opens_context: bool,
}

impl Tick {
    /// The coarser unit where it changes: `2024-11` over day ticks, `2024` over month ticks.
    pub fn context(&self) -> Option<String> {
        if !self.opens_context {
            return None;
        }
        match self.step {
            Step::Days(_) => Some(format!("{}-{:02}", self.date.year(), self.date.month())),
            Step::Months(_) => Some(self.date.year().to_string()),
            Step::Years(_) => None,
        }
    }

    /// The tick's Chinese label: `4日`, `11月`, `2024`.
    pub fn label_zh(&self) -> String {
        match self.step {
            Step::Days(_) => format!("{}日", self.date.day()),
            Step::Months(_) => format!("{}月", self.date.month()),
            Step::Years(_) => self.date.year().to_string(),
        }
    }
}

/// Ticks of `step` within days `[a, b]`: day ticks on multiples of the step since day 0, month
/// ticks on months whose count since year 0 is a multiple, year ticks on multiples of the step.
pub fn ticks(a: Day, b: Day, step: Step) -> Vec<Tick> {
    let mut out = Vec::new();
    let Some(first) = date_of(a) else {
        return out;
    };
    let mut push = |date: NaiveDate, opens_context: bool| {
        out.push(Tick {
            day: day_of(date),
            date,
            step,
            opens_context,
        });
    };
    match step {
        Step::Days(n) => {
            let mut d = a.div_euclid(n) * n;
            if d < a {
                d += n;
            }
            let mut last_month = None;
            while d <= b {
                if let Some(date) = date_of(d) {
                    let month = (date.year(), date.month());
                    push(date, last_month != Some(month));
                    last_month = Some(month);
                }
                d += n;
            }
        }
        Step::Months(n) => {
            let mut m = first.year() * 12 + first.month0() as i32;
            m = m.div_euclid(n) * n;
            let mut last_year = None;
            loop {
                let (y, mo) = (m.div_euclid(12), m.rem_euclid(12) as u32 + 1);
                let Some(date) = NaiveDate::from_ymd_opt(y, mo, 1) else {
                    break;
                };
                let d = day_of(date);
                if d > b {
                    break;
                }
                if d >= a {
                    push(date, last_year != Some(y));
                    last_year = Some(y);
                }
                m += n;
            }
        }
        Step::Years(n) => {
            let mut y = first.year().div_euclid(n) * n;
            while let Some(date) = NaiveDate::from_ymd_opt(y, 1, 1) {
                let d = day_of(date);
                if d > b {
                    break;
                }
                if d >= a {
                    push(date, false);
                }
                y += n;
            }
        }
    }
    out
}

/// An sRGB colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// `#rrggbb`, for SVG and CSS.
    pub fn hex(self) -> String {
        let Rgb(r, g, b) = self;
        format!("#{r:02x}{g:02x}{b:02x}")
    }
}

/// What a colour is drawn on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Background {
    /// White or paper: the light theme and the exports.
    Light,
    Dark,
}

/// The colour of an event kind's marks, legible on `background`.
pub fn kind_color(kind: EventKind, background: Background) -> Rgb {
    let (light, dark) = match kind {
        EventKind::Launch => (Rgb(0xc8, 0x4b, 0x22), Rgb(0xff, 0x8f, 0x66)),
        EventKind::Landing => (Rgb(0x23, 0x7a, 0x3b), Rgb(0x6c, 0xd0, 0x82)),
        EventKind::Spacewalk => (Rgb(0x75, 0x4c, 0xb4), Rgb(0xb8, 0x9c, 0xf2)),
        EventKind::Docking => (Rgb(0x13, 0x80, 0x90), Rgb(0x5c, 0xcf, 0xdc)),
        EventKind::Meeting => (Rgb(0x2f, 0x5f, 0x9e), Rgb(0x82, 0xaa, 0xe6)),
        EventKind::Visit => (Rgb(0xa8, 0x62, 0x00), Rgb(0xf0, 0xb4, 0x5a)),
        EventKind::Policy => (Rgb(0x8e, 0x2c, 0x5c), Rgb(0xe6, 0x88, 0xb6)),
        EventKind::Founding => (Rgb(0x5a, 0x78, 0x12), Rgb(0xb2, 0xd2, 0x6a)),
        EventKind::Talks => (Rgb(0x1f, 0x6f, 0xb4), Rgb(0x76, 0xb4, 0xf0)),
        EventKind::Conference => (Rgb(0x3d, 0x4f, 0xa8), Rgb(0x93, 0xa2, 0xf0)),
        EventKind::Agreement => (Rgb(0x00, 0x7a, 0x6e), Rgb(0x4c, 0xd4, 0xc0)),
        EventKind::Adoption => (Rgb(0x9c, 0x3d, 0x8a), Rgb(0xe6, 0x8c, 0xd8)),
        EventKind::Appointment => (Rgb(0x6b, 0x4a, 0x2a), Rgb(0xd0, 0xa8, 0x7e)),
        EventKind::Disaster => (Rgb(0xa3, 0x1f, 0x34), Rgb(0xff, 0x7a, 0x8c)),
        EventKind::Sports => (Rgb(0x2e, 0x7d, 0x6b), Rgb(0x7c, 0xd8, 0xb8)),
        EventKind::Opening => (Rgb(0x5e, 0x6b, 0x00), Rgb(0xc4, 0xd4, 0x5a)),
        EventKind::Death => (Rgb(0x3b, 0x3b, 0x3b), Rgb(0xc8, 0xc8, 0xc8)),
        EventKind::Economy => (Rgb(0x8a, 0x5a, 0x00), Rgb(0xe8, 0xc0, 0x60)),
        EventKind::Weather => (Rgb(0x2a, 0x6f, 0x97), Rgb(0x7e, 0xc4, 0xe8)),
        EventKind::Epidemic => (Rgb(0x7a, 0x1f, 0x6b), Rgb(0xd8, 0x7c, 0xc8)),
        EventKind::Justice => (Rgb(0x4a, 0x3a, 0x7a), Rgb(0xa8, 0x98, 0xe0)),
        EventKind::Military => (Rgb(0x4b, 0x5d, 0x23), Rgb(0xa6, 0xbc, 0x72)),
        EventKind::Protest => (Rgb(0xc0, 0x39, 0x6b), Rgb(0xff, 0x8c, 0xb4)),
        EventKind::Travel => (Rgb(0x00, 0x6d, 0x8f), Rgb(0x52, 0xc8, 0xec)),
        EventKind::Record => (Rgb(0xb0, 0x2e, 0x2e), Rgb(0xf2, 0x7c, 0x7c)),
        EventKind::Statement => (Rgb(0x4f, 0x5a, 0x6a), Rgb(0xaa, 0xb4, 0xc2)),
        EventKind::Other => (Rgb(0x78, 0x74, 0x6c), Rgb(0xa4, 0xa0, 0x98)),
    };
    match background {
        Background::Light => light,
        Background::Dark => dark,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    fn d(y: i32, m: u32, day: u32) -> Day {
        day_of(NaiveDate::from_ymd_opt(y, m, day).expect("valid date"))
    }

    #[test]
    fn days_and_dates_round_trip() {
        let day = d(2024, 11, 4);
        assert_eq!(date_of(day), NaiveDate::from_ymd_opt(2024, 11, 4));
        assert_eq!(d(2024, 11, 5) - day, 1);
        assert_eq!(date_of(Day::MAX), None);
    }

    #[test]
    fn tick_steps_follow_the_zoom() {
        assert_eq!(Step::choose(40.0, 64.0), Step::Days(2));
        assert_eq!(Step::choose(3.0, 64.0), Step::Months(1));
        assert_eq!(Step::choose(0.2, 64.0), Step::Years(1));
        assert_eq!(Step::choose(0.001, 64.0), Step::Years(200));
    }

    #[test]
    fn tick_steps_fit_spans_from_a_day_to_centuries() {
        // A 1,000 px axis over each span: the chosen step is the finest with ticks 64 px apart.
        let cases = [
            (1.0, Step::Days(1)),
            (10.0, Step::Days(1)),
            (30.0, Step::Days(2)),
            (92.0, Step::Days(7)),
            (366.0, Step::Months(1)),
            (5.0 * 365.25, Step::Months(6)),
            (10.0 * 365.25, Step::Years(1)),
            (80.0 * 365.25, Step::Years(10)),
            (400.0 * 365.25, Step::Years(50)),
            (3000.0 * 365.25, Step::Years(200)),
        ];
        for (span, want) in cases {
            let px_per_day = 1000.0 / span;
            let step = Step::choose(px_per_day, 64.0);
            assert_eq!(step, want, "span {span} days");
            let a = d(1949, 10, 1);
            let b = a + span as Day;
            let ticks = ticks(a, b, step);
            assert!(!ticks.is_empty(), "span {span}: no ticks");
            assert!(ticks.len() as f64 <= 1000.0 / 64.0 + 2.0, "span {span}");
            assert!(ticks.iter().all(|t| (a..=b).contains(&t.day)));
            assert!(ticks.windows(2).all(|w| w[0].day < w[1].day));
        }
    }

    #[test]
    fn month_ticks_name_the_year_where_it_changes() {
        let months = ticks(d(2024, 10, 15), d(2025, 2, 10), Step::Months(1));
        let labels: Vec<String> = months.iter().map(Tick::label_zh).collect();
        assert_eq!(labels, ["11月", "12月", "1月", "2月"]);
        let contexts: Vec<Option<String>> = months.iter().map(Tick::context).collect();
        assert_eq!(
            contexts,
            [Some("2024".into()), None, Some("2025".into()), None]
        );
        assert!(months.iter().all(|t| date_of(t.day) == Some(t.date)));
    }

    #[test]
    fn day_and_year_ticks() {
        let days = ticks(d(2024, 11, 3), d(2024, 11, 5), Step::Days(1));
        let labels: Vec<String> = days.iter().map(Tick::label_zh).collect();
        assert_eq!(labels, ["3日", "4日", "5日"]);
        assert_eq!(days[0].context().as_deref(), Some("2024-11"));
        assert_eq!(days[1].context(), None);
        let years = ticks(d(1949, 10, 1), d(2030, 1, 1), Step::Years(20));
        let labels: Vec<String> = years.iter().map(Tick::label_zh).collect();
        assert_eq!(labels, ["1960", "1980", "2000", "2020"]);
        assert!(years.iter().all(|t| t.context().is_none()));
    }

    #[test]
    fn each_kind_has_its_own_colour_on_each_background() {
        for bg in [Background::Light, Background::Dark] {
            let colors: HashSet<Rgb> = EventKind::ALL.iter().map(|&k| kind_color(k, bg)).collect();
            assert_eq!(colors.len(), EventKind::ALL.len());
        }
        assert_eq!(
            kind_color(EventKind::Meeting, Background::Light).hex(),
            "#2f5f9e"
        );
    }
}
